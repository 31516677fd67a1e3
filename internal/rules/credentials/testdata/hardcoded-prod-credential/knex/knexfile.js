module.exports = {
  development: {
    client: 'pg',
    connection: { host: 'localhost', password: 'knex-dev-pw-1' },
  },
  production: {
    client: 'pg',
    connection: {
      host: process.env.DB_HOST,
      password: process.env.DB_PASSWORD || 'Kn3x-Prod-Fallback-4', // want "password is a literal credential in production config"
    },
  },
};
