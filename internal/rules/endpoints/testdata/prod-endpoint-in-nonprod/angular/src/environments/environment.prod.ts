export const environment = {
  production: true,
  apiUrl: 'https://api.prod.shop.io/v2',
};
