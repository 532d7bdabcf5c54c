/**
 * The house style as it was written before Prettier: no semicolons, single quotes,
 * trailing commas, lines up to 140 characters.
 * @type {import('prettier').Config}
 */
export default {
  semi: false,
  singleQuote: true,
  trailingComma: 'all',
  printWidth: 140,
  arrowParens: 'always',
}
