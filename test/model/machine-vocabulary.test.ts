import { isFirmwarePlaceholder } from '../../src/model/firmware-placeholders.js';
import { chassisToType } from '../../src/model/machine-report.js';
import { known } from '../../collectors/hardware/machine.js';
import { isDummySerial } from '../../src/inventory/import/values.js';

// One vocabulary for what a machine reports (issue 10.6): the hardware collector and the inventory import must agree
// on which firmware values identify nothing, and chassis names map to the device types of src/model/devices.ts.
const PLACEHOLDERS = ['To Be Filled By O.E.M.', 'Default string', 'System Serial Number', 'Chassis Serial Number', 'N/A', '0', '00000000', '-', '', 'XXXXXXXX', 'Not Available', '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '03000200-0400-0500-0006-000700080009', 'OEM'];
const REAL = ['5CG1234XYZ', 'PF2ABCDE', 'GLPI-7GH2K31', '4C4C4544-0042-3510-8051-B7C04F4B3132', '7J3X1M2', 'Dell Inc.'];

test('collector and import read the same firmware placeholders as unknown, and real serials as identities', () => {
  for (const v of PLACEHOLDERS) expect([v, isFirmwarePlaceholder(v), known(v), isDummySerial(v)]).toEqual([v, true, null, true]);
  for (const v of REAL) expect([v, isFirmwarePlaceholder(v), known(v), isDummySerial(v)]).toEqual([v, false, v, false]);
});

test('SMBIOS chassis names (DMTF DSP0134 7.4.1) map to device types; a VM is never hardware', () => {
  expect(chassisToType('Notebook', false)).toBe('laptop');
  expect(chassisToType('Mini Tower', false)).toBe('desktop');
  expect(chassisToType('Rack Mount Chassis', null)).toBe('server');
  expect(chassisToType('Tablet', false)).toBe('tablet');
  expect(chassisToType('Rack Mount Chassis', true)).toBe('other');
  expect(chassisToType(null, false)).toBe('other');
});
