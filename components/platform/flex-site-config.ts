import * as pulumi from "@pulumi/pulumi";

/**
 * Keeps `siteConfig.netFrameworkVersion` out of a Flex Consumption function app. The azure-native
 * SDK fills it with "v4.6" whenever it is unset (`siteConfigArgsProvideDefaults` in
 * @pulumi/azure-native/types/input.js), and ARM refuses it for Flex sites in some regions: "The
 * following site configuration property (Site.SiteConfig.NetFrameworkVersion) for Flex Consumption
 * sites is invalid" (https://github.com/pulumi/pulumi-azure-native/issues/4168); a Node app has no
 * .NET version anyway. A resource transformation, because it runs on the inputs after the SDK's
 * defaults and before registration (a `transforms` callback runs in the engine, which Pulumi's mocks
 * never call, so no test could see it).
 */
export const withoutNetFrameworkVersion: pulumi.ResourceTransformation = ({ props, opts }) => ({
    props: {
        ...props,
        siteConfig: pulumi.output(props.siteConfig as pulumi.Input<Record<string, unknown> | undefined>).apply((siteConfig) => {
            if (siteConfig === undefined) return undefined;
            const { netFrameworkVersion, ...rest } = siteConfig;
            return rest;
        }),
    },
    opts,
});
