import type { RegistrationNode, Softphone, SoftphonePage } from '../datasources/softphones.js';
import { builder } from './builder.js';
import { connectionLimits, resolveOffsetConnection } from './connection.js';

const SoftphoneStatus = builder.enumType('SoftphoneStatus', {
  description: 'Registration state of a softphone number.',
  values: {
    REGISTERED: { description: 'Registered and usable.' },
    SUSPENDED: { description: 'Suspended (paused).' },
  } as const,
});

const RegistrationMode = builder.enumType('RegistrationMode', {
  description: 'How softphones register with the SIP servers.',
  values: {
    SINGLE: { description: 'A single registration server.' },
    POOL: { description: 'A pool of servers split into node1 and node2.' },
  } as const,
});

const RegistrationNodeRef = builder.objectRef<RegistrationNode>('RegistrationNode').implement({
  description: 'A SIP registration server that softphones register with.',
  fields: (t) => ({
    mode: t.expose('mode', {
      type: RegistrationMode,
      description: 'Single or pool mode.',
    }),
    poolNode: t.exposeString('poolNode', { nullable: true, description: '"node1" or "node2" in pool mode.' }),
    registrationIp: t.exposeString('registrationIp', {
      nullable: true,
      description: 'Registration address.',
    }),
    registrationPort: t.exposeInt('registrationPort', { nullable: true, description: 'Registration port.' }),
    sipServiceIp: t.exposeString('sipServiceIp', {
      nullable: true,
      description: 'Address the softphone sends SIP traffic to.',
    }),
    sipServicePort: t.exposeInt('sipServicePort', { nullable: true, description: 'Port for SIP traffic.' }),
  }),
});

export const SoftphoneRef = builder.objectRef<Softphone>('Softphone').implement({
  description: 'A softphone number allocated to the tenant.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'Stable identifier; the phone number when the vendor does not report an id.',
    }),
    phoneNumber: t.exposeString('phoneNumber', { description: 'The softphone number.' }),
    status: t.expose('status', {
      type: SoftphoneStatus,
      nullable: true,
      description: 'Registration state; null when the vendor does not report it.',
    }),
    remark: t.exposeString('remark', { nullable: true, description: 'Free-text remark.' }),
    tenantId: t.exposeString('tenantId', { nullable: true, description: 'Tenant space id.' }),
    partitionId: t.exposeString('partitionId', { nullable: true, description: 'Partition id.' }),
    password: t.exposeString('password', {
      nullable: true,
      requiredScope: 'cec:softphone:secrets',
      description:
        'SIP registration password, a secret: needs the cec:softphone:secrets scope (FORBIDDEN otherwise). ' +
        'Null when the vendor reports none.',
    }),
  }),
});

builder.queryField('softphones', (t) =>
  t.connection(
    {
      type: SoftphoneRef,
      nullable: true,
      requiredScope: 'cec:read',
      description:
        'Softphone numbers allocated to the tenant, in vendor order. Null (with a coded error) when ' +
        'queryPhone fails; other fields of the operation still resolve.',
      resolve: (_root, args, context) =>
        resolveOffsetConnection<Softphone, SoftphonePage>(
          args,
          connectionLimits(context),
          {
            connection: 'softphones',
            what: 'softphones',
            rules: context.loaders.softphones.paging,
            identity: (phone) => phone.phoneNumber,
          },
          (page) => context.loaders.softphones.page.load(page),
        ),
    },
    {
      name: 'SoftphoneConnection',
      description: 'A page of softphones, with the registration servers they use.',
      fields: (c) => ({
        registrationNodes: c.field({
          type: [RegistrationNodeRef],
          description: 'The SIP registration servers (the same for every page; costs no extra vendor call).',
          resolve: (connection, _args, context) => {
            const firstPage: SoftphonePage | undefined = connection.pages[0];
            return firstPage?.registrationNodes ?? context.loaders.softphones.registrationNodes();
          },
        }),
      }),
    },
    { name: 'SoftphoneEdge', description: 'A softphone and its cursor.' },
  ),
);

builder.queryField('registrationNodes', (t) =>
  t.field({
    type: [RegistrationNodeRef],
    nullable: true,
    requiredScope: 'cec:read',
    description:
      'The SIP registration servers softphones register with. Null (with a coded error) when queryPhone ' +
      'fails; other fields of the operation still resolve.',
    resolve: (_root, _args, context) => context.loaders.softphones.registrationNodes(),
  }),
);
