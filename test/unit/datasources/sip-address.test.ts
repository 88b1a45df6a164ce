import { describe, expect, it } from 'vitest';
import { splitHostPort } from '../../../src/datasources/sip-address.js';

describe('splitHostPort', () => {
  it.each([
    ['10.137.203.215:5063', { host: '10.137.203.215', port: 5063 }],
    ['sip.example.com:5060', { host: 'sip.example.com', port: 5060 }],
    ['[2001:db8::1]:5060', { host: '2001:db8::1', port: 5060 }],
    ['2001:db8::1:5060', { host: '2001:db8::1', port: 5060 }],
    [' 10.0.0.1:1 ', { host: '10.0.0.1', port: 1 }],
  ])('splits %j', (address, expected) => {
    expect(splitHostPort(address)).toEqual(expected);
  });

  it.each([
    '10.0.0.1',
    '10.0.0.1:',
    '10.0.0.1:0',
    '10.0.0.1:65536',
    'host:12ab',
    '2001:db8::1',
    '[::1]',
    'a b:5060',
    '',
  ])('refuses %j', (address) => {
    expect(splitHostPort(address)).toBeNull();
  });
});
