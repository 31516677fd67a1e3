// Replaced at build time by environment.prod.ts (angular.json fileReplacements).
export const environment = {
  production: false,
  // want +1 @20 "apiUrl in development points at production host api.prod.shop.io"
  apiUrl: 'https://api.prod.shop.io/v2',
  authUrl: process.env['AUTH_URL'],
  docsUrl: 'https://docs.prod.shop.io',
};
