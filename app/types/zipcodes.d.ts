// The few parts of the `zipcodes` gazetteer Stoop uses (the package ships no types).
declare module "zipcodes" {
  interface ZipCodeRecord {
    zip: string;
    latitude: number;
    longitude: number;
    city: string;
    state: string;
    country: string;
  }
  const zipcodes: {
    codes: Record<string, ZipCodeRecord>;
    lookup(zip: string): ZipCodeRecord | undefined;
  };
  export default zipcodes;
}
