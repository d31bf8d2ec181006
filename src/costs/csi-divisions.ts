/**
 * CSI MasterFormat (2016 edition) division numbers and titles used by the catalog. Only divisions that hold
 * building materials are listed; add more as the catalog grows.
 */
export const CSI_DIVISIONS: Readonly<Record<string, string>> = Object.freeze({
  '02': 'Existing Conditions',
  '03': 'Concrete',
  '04': 'Masonry',
  '05': 'Metals',
  '06': 'Wood, Plastics, and Composites',
  '07': 'Thermal and Moisture Protection',
  '08': 'Openings',
  '09': 'Finishes',
  '10': 'Specialties',
  '11': 'Equipment',
  '12': 'Furnishings',
  '13': 'Special Construction',
  '14': 'Conveying Equipment',
  '21': 'Fire Suppression',
  '22': 'Plumbing',
  '23': 'Heating, Ventilating, and Air Conditioning (HVAC)',
  '26': 'Electrical',
  '31': 'Earthwork',
  '32': 'Exterior Improvements',
  '33': 'Utilities',
});

/** Title of a MasterFormat division, or undefined when the code is not in CSI_DIVISIONS. */
export function divisionName(code: string): string | undefined {
  return Object.hasOwn(CSI_DIVISIONS, code) ? CSI_DIVISIONS[code] : undefined;
}
