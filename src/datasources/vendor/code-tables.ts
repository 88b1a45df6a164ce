/**
 * Labels for the vendor's integer code tables (docs/upstream.md#code-tables). The tables are incomplete
 * and version-dependent, so a code is always kept raw and labelled only where the table knows it.
 */
export interface CodedValue {
  code: number;
  /** Symbolic name; null when the code is not in our table. */
  name: string | null;
  /** Human-readable meaning; null when the code is not in our table. */
  description: string | null;
}

export type CodeTable = ReadonlyMap<number, CodedValue>;

const table = (rows: Array<[number, string, string]>): CodeTable =>
  new Map(rows.map(([code, name, description]) => [code, { code, name, description }]));

/** The labelled value of `code` (shared objects for known codes: items are decoded by the hundred). */
export function codedValue(labels: CodeTable, code: number): CodedValue {
  return labels.get(code) ?? { code, name: null, description: null };
}

export const CALL_TYPES: CodeTable = table([
  [0, 'SP_CALL_NORMAL', 'Normal incoming call'],
  [1, 'SP_CALL_SPECIAL', 'Special incoming call'],
  [2, 'KE11_CALL', 'Voice-mail call: get voice message'],
  [3, 'KE15_CALL', 'Voice-mail call: delete voice message'],
  [4, 'BP_CALL', 'Voice-mail call: send to BP'],
  [5, 'SP_CALL_LONG', 'Incoming toll call'],
  [6, 'INTER_CALL', 'Internal call between agents'],
  [7, 'SP_CALL_OUT', 'Normal outgoing call made by an agent'],
  [8, 'OP_CALL_OUT', 'Agent outgoing call'],
  [9, 'OP_PRI_OUT', 'Outgoing call in PRI mode'],
  [10, 'IVR_CALL_OUT', 'Outgoing call through IVR'],
  [11, 'SELF_CALLOUT', 'Outgoing call made by a phone agent'],
  [12, 'IVR_PRI_CALL', 'Outgoing PRI call through IVR'],
  [13, 'NIRC_CALL_IN', 'Incoming call to a networked call center'],
  [14, 'NIRC_CALL_OUT', 'Outgoing call of a networked call center'],
  [15, 'NIRC_SPY_CALL_IN', 'Quality-check incoming call, networked call center'],
  [16, 'NIRC_SPY_CALL_OUT', 'Quality-check outgoing call, networked call center'],
  [17, 'NIRC_INTER_CALL_IN', 'Internal incoming network call to a virtual agent'],
  [18, 'NIRC_INTER_CALL_OUT', 'Internal outgoing network call of a virtual agent'],
  [20, 'ICD_SP_OPS_AIDERCALL', 'Aid call'],
  [21, 'ICD_SP_OPS_INCALL', 'Incoming call (international agent)'],
  [22, 'ICD_SP_OPS_PASSCALL', 'Relay call'],
  [23, 'ICD_SP_OPS_GIVECALL', 'Outgoing call (international agent)'],
  [30, 'ICD_SP_VCP_CALLIN', 'Video ISDN incoming call'],
  [31, 'ICD_SP_VCP_CALLOUT', 'Video ISDN outgoing call'],
  [32, 'ICD_SP_VCP_CALLIN_2B1D', 'Video ISDN incoming call, 2B+D'],
  [33, 'ICD_SP_VCP_CALLIN_6B1D', 'Video ISDN incoming call, 6B+D'],
  [34, 'ICD_SP_VCP_CALLOUT_2B1D', 'Video ISDN outgoing call, 2B+D'],
  [35, 'ICD_SP_VCP_CALLOUT_6B1D', 'Video ISDN outgoing call, 6B+D'],
  [40, 'OUTBOUND_CALL_OUT', 'Reserved (scheduled) outgoing call'],
  [41, 'ICD_SP_OUTBOUND_PRE_OCCUPY', 'Pre-occupied outbound call (agent seized first)'],
  [42, 'ICD_SP_OUTBOUND_PRE_CONNECT', 'Pre-connected outbound call'],
  [43, 'ICD_SP_OUTBOUND_VIRTUAL_CALLIN', 'Predictive outbound call'],
  [44, 'ICD_SP_OUTBOUND_PREVIEW', 'Preview outbound call'],
  [45, 'ICD_SP_OUTBOUND_CALLBACK', 'Callback request from a web user'],
]);

export const MEDIA_TYPES: CodeTable = table([
  [1, 'MEDIA_TYPE_CHAT', 'Text chat'],
  [2, 'MEDIA_TYPE_WEBPHONE', 'Click-to-dial'],
  [3, 'MEDIA_TYPE_ESCORT', 'Escorted browsing and form sharing'],
  [4, 'MEDIA_TYPE_CALLBACK', 'Callback request call'],
  [5, 'MEDIA_TYPE_PHONE', 'Common voice call'],
  [6, 'MEDIA_TYPE_EMAIL', 'Email call'],
  [7, 'MEDIA_TYPE_FAX', 'Fax call'],
  [8, 'MEDIA_TYPE_VIDEO', 'IP video call (H.323)'],
  [9, 'MEDIA_TYPE_WB', 'Electronic white board'],
  [10, 'MEDIA_TYPE_APP_SHARE', 'Application sharing'],
  [11, 'MEDIA_TYPE_FILE_TRANSFER', 'File transfer'],
  [12, 'MEDIA_TYPE_VIDEO_2B1D', '2B+D ISDN video call'],
  [13, 'MEDIA_TYPE_VIDEO_6B1D', '6B+D ISDN video call'],
  [14, 'MEDIA_TYPE_OPS', 'OPS call'],
  [15, 'MEDIA_TYPE_PREDICT_OUTBOUND', 'Predictive dialing'],
  [16, 'MEDIA_TYPE_PREVIEW_OUTBOUND', 'Preview dialing'],
  [17, 'MEDIA_TYPE_MSG', 'Message media'],
  [18, 'MEDIA_TYPE_WEBPHONE_VIDEO', 'Video click-to-dial'],
  [19, 'MEDIA_TYPE_PHONE_VIDEO', 'Video call'],
  [20, 'MEDIA_TYPE_WEB_LEAVE_MESSAGE', 'Non-real-time call'],
  [21, 'MEDIA_TYPE_DESKTOP_SHARE', 'Desktop sharing'],
  [22, 'MEDIA_TYPE_VC_CALL', 'Calling number in a skill queue'],
  [50, 'MEDIA_TYPE_MULTI_MEDIA_EMAILCHAT', 'E-mail chat'],
  [51, 'MEDIA_TYPE_MULTI_MEDIA_WEBCHAT', 'Internet chat'],
  [52, 'MEDIA_TYPE_MULTI_MEDIA_SMSCHAT', 'SMS chat'],
  [53, 'MEDIA_TYPE_MULTI_MEDIA_SOCIALCHAT', 'Multimedia (social) chat'],
  [54, 'MEDIA_TYPE_MULTI_MEDIA_FAXCHAT', 'Fax chat'],
  [55, 'MEDIA_TYPE_MULTI_MEDIA_H5CHAT', 'H5 video'],
]);

// Codes 7-10 differ between vendor document versions (docs/upstream.md#code-tables): left unlabelled.
export const SUB_MEDIA_TYPES: CodeTable = table([
  [1, 'WEB', 'Web chat'],
  [2, 'WHATSAPP', 'WhatsApp'],
  [3, 'LINE', 'LINE'],
  [4, 'WECHAT', 'WeChat'],
  [5, 'FACEBOOK', 'Facebook Messenger'],
  [6, 'TWITTER', 'Twitter'],
]);

export const LEAVE_REASONS: CodeTable = table([
  [0, 'NORMAL', 'Normal access or transfer'],
  [1, 'OVERFLOW_TRANSFER', 'Overflow transfer'],
  [2, 'TIMEOUT_TRANSFER', 'Timeout transfer'],
  [3, 'NO_AGENT_TRANSFER', 'Transfer on no agent'],
  [4, 'QUEUE_CANCEL_TRANSFER', 'Transfer on queue cancellation'],
  [5, 'AGENT_NO_ANSWER_TRANSFER', 'Transfer because the agent does not answer'],
  [6, 'RESUME_SUSPENDED', 'Resume a suspended call'],
  [7, 'CONNECT_HELD', 'Connecting a held call'],
  [8, 'THREE_PARTY_HELP', 'Three-party help'],
  [9, 'PICK_HELD', 'Picking a held call'],
  [10, 'THREE_PARTY_CONVERSATION', 'Three-party conversation'],
  [11, 'HELP_REQUESTER_RELEASED', 'The party requesting internal help releases the call'],
  [12, 'INTERCEPTED', 'Intercepted'],
  [13, 'PICKED_UP', 'Picked up'],
  [14, 'CALLED_NUMBER_NOT_CONFIGURED', 'Analysis of the called number not configured'],
  [15, 'USER_RELEASED', 'The user releases the call'],
  [16, 'AGENT_RELEASED', 'The agent releases the call'],
  [17, 'TRANSFERRED_OUT', 'Transferred out'],
  [18, 'HELD', 'Held'],
  [19, 'INTERNAL_ERROR', 'Internal processing error'],
  [20, 'CALLED_BUSY', 'Called party busy'],
  [22, 'PHONE_SWITCHED_OFF', 'Mobile phone switched off'],
  [23, 'PHONE_OUT_OF_SERVICE', 'Mobile phone out of service area'],
  [24, 'NUMBER_DOES_NOT_EXIST', 'Called number does not exist'],
  [25, 'NO_RESOURCES', 'The ACD cannot distribute any resources'],
  [26, 'USER_NO_ANSWER', 'The user does not answer'],
  [27, 'CALLED_REJECTED', 'Called party rejects'],
  [28, 'TRANSFERRED_TO_QUEUE', 'Successfully transferred to a skill queue'],
  [29, 'THREE_PARTY_TO_QUEUE', 'Three-party conversation transferred to a skill queue'],
  [30, 'QUEUE_TRANSFER_TIMEOUT', 'Transfer to queue (success mode) times out'],
  [31, 'THREE_PARTY_QUEUE_TIMEOUT', 'Three-party transfer to queue times out'],
  [34, 'NETWORK_CALL_QUEUED', 'Timeout/overflow/busy network call fails and queues'],
  [35, 'NETWORK_CALL_RETURNED', 'Network call directed back to its original call center to queue'],
  [36, 'QUEUED_CALL_REROUTED', 'Queued call re-routed'],
  [37, 'CDN_FROM_INBOUND_ROUTE', 'Entered CDN from the inbound route'],
  [38, 'CDN_FROM_AGENT_CONSULT', 'Entered CDN from an agent consultation'],
  [39, 'CDN_ROUTE_RETURNED', 'CDN returned a routing result'],
  [40, 'CDN_ROUTE_TIMEOUT', 'CDN routing timed out'],
  [41, 'CONSULT_CANCELLED', 'Agent cancelled or routing failed during consultation'],
  [42, 'PGR_AFTER_CDN_TIMEOUT', 'Entered PGR after CDN routing timed out'],
  [43, 'PGR_AFTER_CDN_RETURN', 'Entered PGR after CDN returned a route'],
  [44, 'PGR_FROM_INBOUND_ROUTE', 'Entered PGR from the inbound route'],
  [45, 'PGR_FROM_AGENT_CONSULT', 'Entered PGR from an agent consultation'],
  [46, 'AGENT_UNREACHABLE_REROUTE', 'Agent unreachable, CDN re-routed'],
  [47, 'MULTI_QUEUE', 'Call queued in multiple queues'],
  [48, 'ANSWERED_FROM_SECONDARY_QUEUE', 'Call of the main queue answered from a secondary queue'],
  [49, 'AGENT_CANCELLED', 'Agent rejects the incoming call (cancel)'],
  [50, 'AGENT_REJECTED', 'Agent rejects the call'],
  [51, 'JOINED_CONFERENCE', 'User joins a conference'],
  [52, 'CONFERENCE_RELEASED', 'Chairperson or a fault released the conference'],
  [53, 'REMOVED_FROM_CONFERENCE', 'Participant removed from the conference'],
  [54, 'LOW_CONNECTION_RATE_TRANSFER', 'Transfer because the connection rate is below threshold'],
  [88, 'USER_HUNG_UP_AFTER_ANSWER', 'User hung up after the agent answered'],
  [89, 'USER_HUNG_UP_BEFORE_ANSWER', 'User hung up before the agent answered'],
]);
