// openapi-to-postmanv2 ships no types; the one call test/helpers/postman.ts makes.
declare module 'openapi-to-postmanv2' {
  const Converter: {
    convertV2(
      input: { type: 'json' | 'string' | 'file'; data: unknown },
      options: Record<string, unknown>,
      callback: (error: Error | null, result: any) => void,
    ): void;
  };
  export default Converter;
}
