// Lint for the whole repository; `npm test` runs it (`npm run lint`) beside the formatter check.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/", "lib/", "dist/", ".cache/", ".peers/", "test/package/consumer/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            // Each cloud's module is loaded with require() only when that cloud is chosen, so a stack
            // never loads the other clouds' provider SDKs (DESIGN: picking the cloud); the CLI and the
            // mocha reporter are CommonJS.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        // Type information for the Pulumi rules: they look at the types of template-literal parts.
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            // An Output in a template literal renders as a warning text, never its value: pulumi.interpolate instead.
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
        },
    },
    {
        files: ["**/*.ts"],
        rules: {
            // `_name` marks a value left out on purpose (a destructured field dropped from a copy).
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
        },
    },
    {
        // Tests read the mocks' untyped resource inputs and recorded payloads field by field.
        files: ["test/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: {
            sourceType: "commonjs",
            globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly" },
        },
    },
);
