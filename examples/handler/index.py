"""A stateless echo: answers with the request's metadata, never reads, logs or stores the request body."""

from __future__ import annotations

import json
import os
from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """API Gateway (REST, Lambda proxy) handler: echo who called, how, and where the request was processed."""
    request = event.get("requestContext") or {}
    identity = request.get("identity") or {}
    metadata = {
        "requestId": request.get("requestId"),
        "httpMethod": event.get("httpMethod"),
        "resourcePath": event.get("resource"),
        "stage": request.get("stage"),
        "sourceIp": identity.get("sourceIp"),
        "caller": identity.get("userArn") or (request.get("authorizer") or {}).get("claims", {}).get("sub"),
        "processedIn": os.environ.get("AWS_REGION"),
        "residencyZone": os.environ.get("RESIDENCY_ZONE"),
    }
    # One log line per request, metadata only: the body is never logged or written anywhere.
    print(json.dumps({"requestId": metadata["requestId"], "resourcePath": metadata["resourcePath"]}))
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json", "Cache-Control": "no-store"},
        "body": json.dumps(metadata),
    }
