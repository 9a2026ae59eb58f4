// PEM files imported as text by the tests (`?raw`, resolved by Vite in the test runner).
declare module "*.pem?raw" {
  const text: string;
  export default text;
}
