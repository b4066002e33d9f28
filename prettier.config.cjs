// Prettier's settings of OCA's 18.0 addons-repo template. XML whitespace is
// preserved: Odoo reads the text of <field> elements and arch nodes as is.
/** @type {import('prettier').Config} */
module.exports = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "preserve",
};
