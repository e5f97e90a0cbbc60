"""OpenAPI bodies: the operations of REST and HTTP APIs defined by ``body`` are judged like Method and Route
resources (JSON and YAML)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from policy_harness import UNKNOWN, Pack, Res, only, single

from residency import catalog as c
from residency.policies import _openapi

SCHEMES = {
    "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"},
    "cognito": {"type": "apiKey", "name": "Authorization", "in": "header",
                "x-amazon-apigateway-authtype": "cognito_user_pools",
                "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn"]}},
    "lambda": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
               "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": "arn"}},
    "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
    "oauth": {"type": "oauth2", "flows": {}},
}


def document(security: Any = None, operation_security: Any = "inherit", **extra: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {"responses": {"200": {"description": "ok"}}}
    if operation_security != "inherit":
        operation["security"] = operation_security
    doc: dict[str, Any] = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                           "components": {"securitySchemes": SCHEMES},
                           "paths": {"/items": {"get": operation, "options": {"responses": {}}}}, **extra}
    if security is not None:
        doc["security"] = security
    return doc


@pytest.fixture(params=["json", "yaml"])
def encode(request: pytest.FixtureRequest) -> Any:
    return json.dumps if request.param == "json" else yaml.safe_dump


def rest(body: Any) -> dict[str, Any]:
    return {"name": "api", "body": body, "endpointConfiguration": {"types": "REGIONAL"}}


@pytest.mark.parametrize("security", [[{"sigv4": []}], [{"cognito": []}], [{"lambda": []}]],
                         ids=["iam", "cognito", "lambda"])
def test_authorized_operations_pass(pack: Pack, encode: Any, security: Any) -> None:
    assert pack.analyze(c.APIGW_REST_API, rest(encode(document(security)))) == []


@pytest.mark.parametrize(
    "doc",
    [document(), document([{}]), document([{"sigv4": []}], operation_security=[]),
     document([{"sigv4": []}, {}]), document([{"oauth": []}])],
    ids=["no-security", "empty-alternative", "operation-overrides", "anonymous-alternative", "ignored-scheme"],
)
def test_unauthenticated_operations(pack: Pack, encode: Any, doc: dict[str, Any]) -> None:
    d = single(only(pack.analyze(c.APIGW_REST_API, rest(encode(doc))), "keyless-unauthenticated-method"))
    assert (d.level, d.message) == ("mandatory", (
        "`body` declares GET operation #0 without an authorizer API Gateway enforces (no IAM, Cognito or Lambda "
        "authorizer security requirement), so anyone can call it. Add one to every operation."))


def test_api_keys_declared_in_the_body(pack: Pack, encode: Any) -> None:
    diags = pack.analyze(c.APIGW_REST_API, rest(encode(document([{"api_key": []}]))))
    assert {d.policy for d in diags} == {"keyless-static-credentials", "keyless-unauthenticated-method"}
    keyed = single(only(diags, "keyless-static-credentials"))
    assert keyed.message == ("`body` requires API keys on GET operation #0: API keys are static shared secrets, not "
                             "authentication. Use an IAM or Cognito authorizer.")
    both = pack.analyze(c.APIGW_REST_API, rest(encode(document([{"api_key": [], "lambda": []}]))))
    assert [d.policy for d in both] == ["keyless-static-credentials"]
    source = pack.analyze(c.APIGW_REST_API, rest(encode(document(
        [{"sigv4": []}], **{"x-amazon-apigateway-api-key-source": "HEADER"}))))
    assert single(source).message.startswith("`body` declares `x-amazon-apigateway-api-key-source`")


def test_swagger_2_security_definitions(pack: Pack) -> None:
    doc = {"swagger": "2.0", "securityDefinitions": {"sigv4": SCHEMES["sigv4"]},
           "paths": {"/a": {"x-amazon-apigateway-any-method": {"security": [{"sigv4": []}]},
                            "post": {}}}}
    d = single(pack.analyze(c.APIGW_REST_API, rest(json.dumps(doc))))
    assert d.message.startswith("`body` declares POST operation #1 without an authorizer")


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (UNKNOWN, "is unknown at preview, so the operations it declares cannot be checked"),
        ("paths: [unclosed", "is neither valid JSON nor valid YAML, so the operations it declares cannot be checked"),
        ("- a list", "is not an OpenAPI document"),
    ],
)
def test_unreadable_bodies_are_undetermined(pack: Pack, body: Any, why: str) -> None:
    d = single(pack.analyze(c.APIGW_REST_API, rest(body)))
    assert (d.policy, d.message) == ("keyless-unauthenticated-method", (
        f"Undetermined: `body` {why}; an operation without authorization accepts anonymous requests."))


def test_body_apis_default_to_edge_unless_imported_otherwise(pack: Pack) -> None:
    body = json.dumps(document([{"sigv4": []}]))
    d = single(pack.analyze(c.APIGW_REST_API, {"name": "api", "body": body}))
    assert d.policy == "stateless-edge-endpoint"
    imported = {"name": "api", "body": body, "parameters": {"endpointConfigurationTypes": "REGIONAL"}}
    assert pack.analyze(c.APIGW_REST_API, imported) == []


def test_http_api_body_operations_need_iam(pack: Pack, encode: Any) -> None:
    def http(doc: dict[str, Any]) -> Res:
        return Res(c.APIGWV2_API, "http", {"protocolType": "HTTP", "body": encode(doc)})

    assert only(pack.analyze_stack([http(document([{"sigv4": []}]))]), "exposure-unrestrictable-endpoint") == []
    jwt = {**SCHEMES, "jwt": {"type": "oauth2", "x-amazon-apigateway-authorizer": {"type": "jwt"}}}
    doc = document([{"jwt": []}])
    doc["components"]["securitySchemes"] = jwt
    d = single(only(pack.analyze_stack([http(doc)]), "exposure-unrestrictable-endpoint"))
    assert d.message.startswith("This HTTP API answers the internet and cannot be geo-restricted: the GET operation "
                                "#0 in `body` is not authorized by IAM.")
    d = single(only(pack.analyze_stack([http(document())]), "exposure-unrestrictable-endpoint"))
    assert "the GET operation #0 in `body` admits anonymous callers" in d.message


def test_parse_reads_json_and_yaml_alike() -> None:
    doc = document([{"sigv4": []}])
    for text in (json.dumps(doc), yaml.safe_dump(doc)):
        spec = _openapi.parse(text)
        assert [(op.method, spec.authorization(op).kind) for op in spec.operations()] == [
            ("GET", "iam"), ("OPTIONS", "iam")]
