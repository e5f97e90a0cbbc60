"""Compliant: a CloudWatch dashboard in eu-west-3 showing metrics of other regions.

AWS pattern: cross-Region dashboards (CloudWatch User Guide, cross_region_dashboard): each metric widget has
its own ``region``; CloudFront and billing metrics only exist in us-east-1, so an operations dashboard shows
them next to the application's eu-west-3 metrics and the disaster-recovery region's.

Why compliant: a dashboard displays metrics when someone opens it; it stores no copy of them and sends
nothing to the regions it shows. The dashboard itself is in eu-west-3.
"""

import json

import pulumi
import pulumi_aws as aws

body = {
    "widgets": [
        {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {
            "title": "API latency (Paris)", "region": "eu-west-3", "stat": "p99", "period": 300,
            "metrics": [["AWS/ApiGateway", "Latency", "ApiName", "shop"]]}},
        {"type": "metric", "x": 12, "y": 0, "width": 12, "height": 6, "properties": {
            "title": "CloudFront requests", "region": "us-east-1", "stat": "Sum", "period": 300,
            "metrics": [["AWS/CloudFront", "Requests", "DistributionId", "E2QWRUHEXAMPLE", "Region", "Global"]]}},
        {"type": "metric", "x": 0, "y": 6, "width": 12, "height": 6, "properties": {
            "title": "Estimated charges", "region": "us-east-1", "stat": "Maximum", "period": 21600,
            "metrics": [["AWS/Billing", "EstimatedCharges", "Currency", "EUR"]]}},
        {"type": "metric", "x": 12, "y": 6, "width": 12, "height": 6, "properties": {
            "title": "Replication latency (Frankfurt)", "region": "eu-central-1", "stat": "Maximum", "period": 300,
            "metrics": [["AWS/S3", "ReplicationLatency", "SourceBucket", "acme-invoices-paris",
                         "DestinationBucket", "acme-invoices-frankfurt", "RuleId", "disaster-recovery"]]}},
        {"type": "text", "x": 0, "y": 12, "width": 24, "height": 2, "properties": {
            "markdown": "Runbook: https://wiki.example.eu/ops/shop (CloudFront and billing metrics are in us-east-1)"}},
    ],
}
aws.cloudwatch.Dashboard("operations", dashboard_name="shop-operations", dashboard_body=json.dumps(body))
