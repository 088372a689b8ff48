// Stands in for @pulumi/aws, @pulumi/azure-native, @pulumi/gcp and @pulumi/kubernetes while Pulumi's analyzer infers the
// schema (tsconfig.json here): no input or output of a component has a cloud SDK type, and reading
// those SDKs' declarations would take the analysis from seconds to minutes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const cloudSdk: any;
export = cloudSdk;
