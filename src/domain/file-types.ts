// What uploaded bytes are, by their signature, never by the name or type they came with: the
// only kinds Evenpay keeps (logos, dispute documents) and serves back only as what they are.
export type FileType = 'application/pdf' | 'image/png' | 'image/jpeg';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF = Buffer.from('%PDF-', 'latin1');

/** The type the bytes are by their signature, or undefined when they are none of ours. */
export function sniff(bytes: Buffer): FileType | undefined {
  if (bytes.length >= PNG.length && bytes.subarray(0, PNG.length).equals(PNG)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= PDF.length && bytes.subarray(0, PDF.length).equals(PDF)) return 'application/pdf';
  return undefined;
}
