"""OpenAPI bodies of API Gateway APIs: the operations they declare and how each one is authorized.

A REST API (``aws:apigateway/restApi``) or HTTP API (``aws:apigatewayv2/api``) defined by an OpenAPI ``body``
declares its methods or routes there instead of as ``Method`` and ``Route`` resources. The body is read as JSON,
else as YAML (``yaml.safe_load``), and every operation is judged by the same rules as the resource it declares:

* an operation's ``security`` (else the document's) lists alternatives, each naming security schemes that must
  all hold; an empty list or an empty alternative admits anonymous callers;
* a scheme is IAM when it has ``x-amazon-apigateway-authtype: awsSigv4``; Cognito, a Lambda (custom) or JWT
  authorizer when its ``x-amazon-apigateway-authorizer`` says so; an API Gateway API key when it is
  ``type: apiKey`` with neither extension; anything else is ignored by API Gateway, so it authorizes nothing;
* ``x-amazon-apigateway-api-key-source`` declares API keys as a way in.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from ._values import UNKNOWN, as_mapping

#: HTTP methods of an OpenAPI path item, and API Gateway's catch-all.
METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace",
                  "x-amazon-apigateway-any-method")
#: Bodies longer than this are not read (they are not hand-written API definitions).
MAX_BODY: Final = 5_000_000
#: How weak each kind of authorization is (the weakest alternative of an operation decides).
_STRENGTH: Final = {"none": 0, "apikey": 1, "jwt": 2, "custom": 2, "cognito": 2, "iam": 3}


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the body: its method and position (no path or operation id: those are user text)."""

    position: int
    method: str
    security: Any

    @property
    def label(self) -> str:
        """``GET operation #3`` (for messages)."""
        return f"{self.method} operation #{self.position}"


@dataclass(frozen=True, slots=True)
class Auth:
    """How an operation is authorized: the weakest way in (``none``, ``apikey``, ``jwt``, ``custom``,
    ``cognito`` or ``iam``) and whether an API key is part of some way in."""

    kind: str
    api_key: bool = False

    def describe(self, otherwise: str) -> str:
        """A phrase for messages: ``has no security requirement`` and the like."""
        if self.kind == "none":
            return "admits anonymous callers (no security requirement that API Gateway enforces)"
        if self.kind == "apikey":
            return "is authorized by an API key only"
        return otherwise


@dataclass
class Spec:
    """A parsed body; ``unknown`` says why it could not be read (empty when it was)."""

    document: Mapping[str, Any] = field(default_factory=dict)
    unknown: str = ""

    def _schemes(self) -> Mapping[str, Any]:
        components = as_mapping(self.document.get("components")).get("securitySchemes")
        return as_mapping(components) or as_mapping(self.document.get("securityDefinitions"))

    def scheme_kind(self, name: str) -> str:
        """``iam``, ``cognito``, ``custom``, ``jwt``, ``apikey`` or ``none`` (API Gateway ignores it)."""
        scheme = as_mapping(self._schemes().get(name))
        authtype = str(scheme.get("x-amazon-apigateway-authtype") or "").strip().lower()
        authorizer = as_mapping(scheme.get("x-amazon-apigateway-authorizer"))
        kind = str(authorizer.get("type") or "").strip().lower()
        if authtype == "awssigv4":
            return "iam"
        if kind == "cognito_user_pools" or authtype == "cognito_user_pools":
            return "cognito"
        if kind in ("token", "request") or authtype == "custom":
            return "custom"
        if kind == "jwt":
            return "jwt"
        if scheme.get("type") == "apiKey" and not authtype and not authorizer:
            return "apikey"
        return "none"

    def operations(self) -> list[Operation]:
        """Every operation, in document order."""
        found: list[Operation] = []
        for _path, item in as_mapping(self.document.get("paths")).items():
            item = as_mapping(item)
            for method in item:
                if method in METHODS and isinstance(item[method], Mapping):
                    operation = item[method]
                    shown = "ANY" if method.startswith("x-") else method.upper()
                    found.append(Operation(len(found), shown, operation.get("security", None)
                                           if "security" in operation else _ROOT))
        return found

    def authorization(self, operation: Operation) -> Auth:
        """The weakest way an operation can be called."""
        requirements = self.document.get("security") if operation.security is _ROOT else operation.security
        alternatives = requirements if isinstance(requirements, list) else []
        if not alternatives:
            return Auth("none")
        weakest = "iam"
        api_key = False
        for alternative in alternatives:
            names = [str(n) for n in as_mapping(alternative)]
            kinds = [self.scheme_kind(n) for n in names]
            api_key = api_key or "apikey" in kinds
            strong = [k for k in kinds if k not in ("apikey", "none")]
            if strong:
                kind = max(strong, key=lambda k: _STRENGTH[k])
            elif "apikey" in kinds:
                kind = "apikey"
            else:
                kind = "none"
            if _STRENGTH[kind] < _STRENGTH[weakest]:
                weakest = kind
        return Auth(weakest, api_key)

    def api_key_source(self) -> bool:
        """Whether the body declares ``x-amazon-apigateway-api-key-source``."""
        return self.document.get("x-amazon-apigateway-api-key-source") not in (None, "")


#: Marks an operation without its own ``security`` (the document's applies).
_ROOT: Final = object()


def parse(value: Any) -> Spec:
    """Read a ``body``: JSON, else YAML."""
    if value is UNKNOWN:
        return Spec(unknown="is unknown at preview, so the operations it declares cannot be checked")
    if isinstance(value, Mapping):
        return Spec(value)
    if not isinstance(value, str):
        return Spec(unknown="is not a JSON or YAML document")
    if len(value) > MAX_BODY:
        return Spec(unknown="is too large to read")
    try:
        document: Any = json.loads(value)
    except ValueError:
        try:
            document = yaml.safe_load(value)
        except (yaml.YAMLError, RecursionError, ValueError):
            return Spec(unknown="is neither valid JSON nor valid YAML, so the operations it declares cannot be "
                                "checked")
    if not isinstance(document, Mapping):
        return Spec(unknown="is not an OpenAPI document")
    return Spec(document)
