"""Gateway Aggregation and an Anti-Corruption Layer from Python.

`pulumi package add ../..` generates the `pulumi_cloud_patterns` SDK; pick the cloud with
`pulumi config set cloud-patterns:cloud aws` (or azure, gcp), then `pulumi up`.
"""
import pulumi
import pulumi_cloud_patterns as cloud_patterns

storefront = cloud_patterns.GatewayAggregation(
    "storefront",
    route="GET /storefront/{id}",
    backends=[
        {"name": "users", "url": "https://users.example.com/users/{id}"},
        {"name": "orders", "url": "https://orders.example.com/orders?customer={id}", "timeout_ms": 2000},
        {"name": "recommendations", "url": "https://recs.example.com/related/{id}", "timeout_ms": 500, "required": False},
    ],
    timeout_ms=5000,
    tags={"team": "storefront"},
    aws={"throttling_rate_limit": 50, "throttling_burst_limit": 100},
)

orders = cloud_patterns.AntiCorruptionLayer(
    "orders",
    legacy={
        "endpoint": "https://erp.internal.example.com/OrderService.asmx",
        "namespace": "urn:legacy-orders",
        "soap_version": "1.1",
        "timeout_seconds": 8,
        "credentials": {"username": "acl-svc", "password": pulumi.Config().require_secret("legacyPassword")},
    },
    operations={
        "GET /orders/{id}": {"operation": "GetOrder", "parameters": {"ORD_NUM": {"source": "path.id"}}},
        "GET /orders": {
            "operation": "ListOrders",
            "result": "many",
            "parameters": {"SINCE": {"source": "query.since", "type": "date", "format": "%Y%m%d", "required": False}},
        },
        "POST /orders": {"operation": "CreateOrder", "body": True},
    },
    max_request_bytes=65536,
)

pulumi.export("storefront_url", storefront.url)
pulumi.export("orders_url", orders.url)
# The layer is authenticated by default: SigV4 on AWS, this key (a secret) on Azure and GCP.
pulumi.export("orders_api_key", orders.api_key)
pulumi.export("cloud", storefront.cloud)
