// ESLint for the addons' JavaScript, as OCA's 18.0 template runs it: errors
// fail the hook, warnings are shown. Odoo 18 loads static/ files as ES
// modules; tests/*.js are scripts the browser tests evaluate in the page.
const globals = require("globals");
const jsdoc = require("eslint-plugin-jsdoc");

const odooGlobals = {
    _: "readonly",
    $: "readonly",
    jQuery: "readonly",
    luxon: "readonly",
    odoo: "readonly",
    owl: "readonly",
    QUnit: "readonly",
    ...globals.browser,
};

module.exports = [
    {
        plugins: {jsdoc},
        languageOptions: {
            ecmaVersion: 2024,
            sourceType: "module",
            globals: odooGlobals,
        },
        rules: {
            "constructor-super": "error",
            curly: "warn",
            "dot-notation": "warn",
            eqeqeq: "warn",
            "no-cond-assign": "error",
            "no-const-assign": "error",
            "no-debugger": "error",
            "no-dupe-args": "error",
            "no-dupe-class-members": "error",
            "no-dupe-keys": "error",
            "no-duplicate-case": "error",
            "no-duplicate-imports": "error",
            "no-empty-function": "error",
            "no-empty-pattern": "error",
            "no-eq-null": "error",
            "no-eval": "error",
            "no-ex-assign": "error",
            "no-func-assign": "error",
            "no-global-assign": "error",
            "no-implicit-coercion": ["warn", {allow: ["~"]}],
            "no-lonely-if": "error",
            "no-return-assign": "error",
            "no-undef": "error",
            "no-unneeded-ternary": "error",
            "no-unreachable": "error",
            "no-unsafe-finally": "error",
            "no-unused-expressions": "error",
            "no-unused-labels": "error",
            "no-unused-vars": "error",
            "no-use-before-define": "error",
            "no-var": "warn",
            "operator-assignment": ["error", "always"],
            "prefer-const": "warn",
            radix: "warn",
            "spaced-comment": ["error", "always"],
            "use-isnan": "error",
            "jsdoc/check-tag-names": "warn",
            "jsdoc/check-types": "warn",
            yoda: "warn",
        },
    },
    {
        files: ["addons/*/tests/*.js"],
        languageOptions: {
            sourceType: "script",
            // filled in by the Python side before the script runs
            globals: {__STEPS__: "readonly"},
        },
    },
];
