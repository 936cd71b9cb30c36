const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

/**
 * Le volet des tâches, léger (l'adaptateur Office chargé à la demande), et son fil de travail (travailleur.js :
 * ExcelJS et la lecture des classeurs, hors du fil de l'interface).
 * La politique de sécurité du contenu (CSP) fait de « rien ne quitte votre ordinateur » une propriété de la page :
 * scripts de l'origine du complément et du CDN d'office.js seulement, aucune connexion ailleurs.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' https://appsforoffice.microsoft.com",
  // Fluent UI pose ses styles par CSSOM ; aucun script en ligne n'est permis.
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  // Office.js dialogue avec Excel par des cadres et postMessage, depuis les domaines de Microsoft.
  'frame-src https://*.microsoft.com https://*.office.com https://*.officeapps.live.com',
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

module.exports = async (env, options) => {
  const dev = options.mode === 'development';
  const config = {
    devtool: dev ? 'source-map' : false,
    entry: { taskpane: './src/taskpane/index.tsx', travailleur: './src/taskpane/travail/travailleur.ts' },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', chunkFilename: '[name].[contenthash:8].js', clean: true },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [{ test: /\.tsx?$/, use: { loader: 'ts-loader', options: { configFile: 'tsconfig.json', compilerOptions: { module: 'esnext', moduleResolution: 'node' } } }, exclude: /node_modules/ }],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        // En développement, le rechargement à chaud passe par une WebSocket vers le serveur local.
        meta: { csp: { 'http-equiv': 'Content-Security-Policy', content: dev ? CSP.replace("connect-src 'self'", "connect-src 'self' ws: wss:") : CSP } },
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          // La police d'icônes de Fluent UI, servie avec le complément (aucun autre CDN que celui d'office.js).
          { from: 'node_modules/@fluentui/font-icons-mdl2/fonts/*.woff', to: 'fonts/[name][ext]' },
        ],
      }),
    ],
    performance: { hints: false },
    devServer: {
      port: 3000,
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: { directory: path.resolve(__dirname, 'dist') },
    },
  };
  if (dev && process.env.LDM_HTTPS !== '0') {
    // Excel n'accepte qu'un volet servi en HTTPS : certificats de développement d'office-addin-dev-certs.
    let devCerts;
    try {
      devCerts = require('office-addin-dev-certs');
    } catch {
      throw new Error("office-addin-dev-certs n'est pas installé (dépendance facultative) : voir « npm start », ou LDM_HTTPS=0 pour le mode navigateur en HTTP.");
    }
    config.devServer.server = { type: 'https', options: await devCerts.getHttpsServerOptions() };
  }
  return config;
};
