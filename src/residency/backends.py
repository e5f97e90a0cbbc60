"""Where stacks come from: state files, directories, standard input and Pulumi DIY backends (``file://``, ``s3://``).

:func:`discover` turns the inputs of ``residency audit`` into :class:`StackSource` objects, one per stack, without
reading the states; :func:`read_state` reads one (in whichever process evaluates it) and returns its bytes,
decompressed. A DIY backend is read as Pulumi lays it out (``pkg/backend/diy`` in pulumi/pulumi):

- ``<root>/.pulumi/meta.yaml`` says ``version: 1`` for the project layout, where stacks are
  ``<root>/.pulumi/stacks/<project>/<stack>.json``; without it (or with version 0) the legacy layout holds
  ``<root>/.pulumi/stacks/<stack>.json``;
- a stack file is ``.json``, or ``.json.gz`` when the backend has gzip on (the content is recognised by its
  magic bytes, as Pulumi does); ``.bak`` backups, ``.pulumi/history``, ``.pulumi/backups``, locks and retained
  checkpoints (``<stack>.json.<time>``) are not stacks and are skipped;
- if both ``.json`` and ``.json.gz`` exist (gzip was switched), the newer one is the stack.

S3 goes through boto3 with its usual credential chain (environment, profile, instance role); ``--endpoint-url``
(or the URL's ``endpoint=`` parameter, as Pulumi accepts it) points at an S3-compatible store. The backend
bucket may be in any region: it is only read.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import parse_qs, urlsplit

import yaml

from residency.engine.state import MAX_STATE_BYTES

#: What Pulumi accepts as a project or stack name (``tokens.IsName``, ``tokens.ParseStackName``).
_NAME_RE: Final = re.compile(r"[A-Za-z0-9_.-]+")
_GZIP_MAGIC: Final = b"\x1f\x8b"
_ZSTD_MAGIC: Final = b"\x28\xb5\x2f\xfd"
_STACKS: Final = ".pulumi/stacks"
_SCHEME_RE: Final = re.compile(r"[a-z][a-z0-9+.-]*://")


class BackendError(Exception):
    """An input that cannot be listed or a state that cannot be read; the message is one paragraph."""


@dataclass(frozen=True)
class S3Location:
    """An S3 bucket and how to reach it (everything a worker process needs to build its own client)."""

    bucket: str
    endpoint_url: str | None = None
    region: str | None = None
    profile: str | None = None


@dataclass(frozen=True)
class StackSource:
    """One stack to audit. Cheap to pickle: workers get this, not the state."""

    #: What reports show: the file path, ``<stdin>``, or the ``s3://`` URL of the object.
    label: str
    kind: Literal["file", "stdin", "s3"]
    #: The local path, or the S3 key.
    location: str = ""
    #: Bytes, when known before reading (file size, S3 object size).
    size: int | None = None
    s3: S3Location | None = None
    #: The content of standard input (read once, by the main process).
    data: bytes | None = None
    #: ``project/stack`` from the backend layout, when the source is a backend's stack file.
    hint: str = ""


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be listed at all (a missing path, an unreachable bucket)."""

    label: str
    reason: str


@dataclass
class Discovery:
    """The stacks the inputs hold, in input order, and the inputs that could not be listed."""

    sources: list[StackSource] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------------------------------------------


def is_single_stack_input(inputs: Sequence[str]) -> bool:
    """Whether the run names exactly one state file (or ``-``): then reports keep the single-stack shape."""
    if len(inputs) != 1:
        return False
    only = inputs[0]
    if only == "-":
        return True
    if "://" in only:
        return False
    return not Path(only).is_dir()


def discover(inputs: Sequence[str], *, endpoint_url: str | None = None, stdin: Any = None) -> Discovery:
    """Every stack of every input: files, directories, ``-``, ``file://PATH`` and ``s3://BUCKET[/PREFIX]``."""
    found = Discovery()
    for raw in inputs:
        try:
            if raw == "-":
                found.sources.append(_stdin_source(stdin))
            elif raw.startswith("s3://"):
                found.sources += _s3_backend(raw, endpoint_url)
            elif raw.startswith("file://"):
                found.sources += _file_backend(raw)
            elif _SCHEME_RE.match(raw):
                scheme = raw.split("://", 1)[0]
                raise BackendError(
                    f"{raw}: the {scheme}:// backend is not supported; give a state file, a directory, -, "
                    "file://PATH or s3://BUCKET[/PREFIX] (for Pulumi Cloud, export the stacks with "
                    "`pulumi stack export`)."
                )
            else:
                found.sources += _local(Path(raw), raw)
        except BackendError as exc:
            found.problems.append(InputProblem(raw, str(exc)))
    return found


def _stdin_source(stdin: Any) -> StackSource:
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(MAX_STATE_BYTES + 1)
    if len(data) > MAX_STATE_BYTES:
        raise BackendError(f"standard input is larger than the {MAX_STATE_BYTES:,}-byte limit for state files.")
    return StackSource("<stdin>", "stdin", "-", len(data), data=data)


def _local(path: Path, raw: str) -> list[StackSource]:
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        raise BackendError(f"Cannot read {raw}: {exc.strerror}.") from None
    if not exists:
        raise BackendError(f"Cannot read {raw}: No such file or directory.")
    if not is_dir:
        return [_file_source(path, str(path))]
    if path.name == ".pulumi" and (path / "stacks").is_dir():
        return _local_backend(path.parent)
    return list(_walk(path))


def _file_source(path: Path, label: str, hint: str = "") -> StackSource:
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    return StackSource(label, "file", str(path), size, hint=hint)


def _walk(directory: Path) -> Iterator[StackSource]:
    """A plain directory: its DIY backends and every ``.json``/``.json.gz`` below it (hidden folders skipped)."""
    for current, dirs, files in os.walk(directory, onerror=_raise):
        here = Path(current)
        if (here / _STACKS).is_dir():
            yield from _local_backend(here)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".json", ".json.gz")) and not name.startswith("."):
                yield _file_source(here / name, str(here / name))


def _raise(exc: OSError) -> None:
    raise BackendError(f"Cannot list {exc.filename}: {exc.strerror}.")


def _file_backend(url: str) -> list[StackSource]:
    parts = urlsplit(url)
    raw_path = (parts.netloc + parts.path) if parts.netloc not in ("", "localhost") else parts.path
    root = Path(os.path.expanduser(raw_path or "."))
    if not root.is_dir():
        raise BackendError(f"{url}: {root} is not a directory, so it is not a Pulumi DIY backend.")
    return _local_backend(root)


@dataclass(frozen=True)
class _Object:
    """A file of a backend, relative to its ``.pulumi/stacks`` folder."""

    relative: str
    size: int | None
    modified: float


def _local_backend(root: Path) -> list[StackSource]:
    stacks = root / _STACKS
    if not stacks.is_dir():
        return []
    meta = root / ".pulumi" / "meta.yaml"
    try:
        version = _meta_version(meta.read_text("utf-8", errors="replace"), str(root)) if meta.is_file() else 0
    except OSError as exc:
        raise BackendError(f"Cannot read {meta}: {exc.strerror}.") from None
    objects = []
    for current, dirs, files in os.walk(stacks, onerror=_raise):
        dirs.sort()
        for name in files:
            path = Path(current) / name
            stat = path.stat()
            objects.append(_Object(path.relative_to(stacks).as_posix(), stat.st_size, stat.st_mtime))
    return [
        _file_source(stacks / obj.relative, str(stacks / obj.relative), hint)
        for obj, hint in _stack_files(objects, version)
    ]


def _meta_version(text: str, where: str) -> int:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        raise BackendError(
            f"{where}: .pulumi/meta.yaml is not valid YAML, so the backend's layout is unknown."
        ) from None
    version = document.get("version", 0) if isinstance(document, dict) else 0
    if not isinstance(version, int) or version not in (0, 1):
        raise BackendError(
            f"{where}: .pulumi/meta.yaml has version {version!r}; this tool reads versions 0 (legacy) and 1 (projects)."
        )
    return version


def _stack_files(objects: Iterable[_Object], version: int) -> list[tuple[_Object, str]]:
    """The stack files among a backend's ``stacks`` objects, one per stack (the newer if gzip was toggled)."""
    chosen: dict[str, tuple[_Object, str]] = {}
    for obj in objects:
        parts = obj.relative.split("/")
        if len(parts) != (2 if version >= 1 else 1):
            continue  # too shallow or too deep for this layout, as Pulumi skips them
        name = parts[-1]
        for suffix in (".json.gz", ".json.zst", ".json"):
            if name.endswith(suffix):
                stack = name[: -len(suffix)]
                break
        else:
            continue  # .bak backups, retained checkpoints (<stack>.json.<time>) and anything else
        project = parts[0] if version >= 1 else ""
        if not _NAME_RE.fullmatch(stack) or (project and not _NAME_RE.fullmatch(project)):
            continue
        hint = f"{project}/{stack}" if project else stack
        previous = chosen.get(hint)
        if previous is None or obj.modified > previous[0].modified:
            chosen[hint] = (obj, hint)
    return [chosen[k] for k in sorted(chosen)]


# ---------------------------------------------------------------------------------------------------------------
# S3
# ---------------------------------------------------------------------------------------------------------------


def parse_s3_url(url: str, endpoint_url: str | None) -> tuple[S3Location, str]:
    """``s3://BUCKET[/PREFIX][?region=..&endpoint=..&profile=..]`` as a location and a key prefix."""
    parts = urlsplit(url)
    if not parts.netloc:
        raise BackendError(f"{url} names no bucket; write s3://BUCKET or s3://BUCKET/PREFIX.")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    endpoint = endpoint_url or query.get("endpoint")
    if endpoint and "://" not in endpoint:
        # Pulumi's gocloud URLs give the endpoint as host:port; disableSSL=true means plain HTTP.
        scheme = "http" if query.get("disableSSL", "").lower() == "true" else "https"
        endpoint = f"{scheme}://{endpoint}"
    location = S3Location(parts.netloc, endpoint, query.get("region"), query.get("profile"))
    return location, parts.path.strip("/")


_CLIENTS: dict[tuple[int, S3Location], Any] = {}
_CLIENTS_LOCK = threading.Lock()


def _client(location: S3Location) -> Any:
    """One boto3 client per process and location (clients must not cross a fork)."""
    key = (os.getpid(), S3Location("", location.endpoint_url, location.region, location.profile))
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            try:
                import boto3
                from botocore.config import Config
            except ImportError:  # pragma: no cover - boto3 is a dependency
                raise BackendError("Reading s3:// backends needs boto3; install it with `pip install boto3`.") from None
            session = boto3.session.Session(profile_name=location.profile)
            client = session.client(
                "s3",
                endpoint_url=location.endpoint_url,
                region_name=location.region,
                config=Config(retries={"max_attempts": 4, "mode": "standard"}, connect_timeout=10, read_timeout=60),
            )
            _CLIENTS[key] = client
        return client


def _s3_problem(url: str, exc: BaseException) -> BackendError:
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    if isinstance(exc, NoCredentialsError):
        return BackendError(
            f"{url}: no AWS credentials were found (environment, shared config or instance role); configure "
            "them as for the AWS CLI, or pass --endpoint-url for an S3-compatible store."
        )
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = error.get("Code", "error")
        message = error.get("Message") or code
        return BackendError(f"{url}: S3 answered {code}: {message}.")
    if isinstance(exc, BotoCoreError):
        return BackendError(f"{url}: {exc}.")
    return BackendError(f"{url}: {type(exc).__name__}: {exc}.")


def _s3_backend(url: str, endpoint_url: str | None) -> list[StackSource]:
    from botocore.exceptions import BotoCoreError, ClientError

    location, prefix = parse_s3_url(url, endpoint_url)
    client = _client(location)
    base = f"{prefix}/" if prefix else ""
    try:
        try:
            meta = client.get_object(Bucket=location.bucket, Key=f"{base}.pulumi/meta.yaml")["Body"].read()
            version = _meta_version(meta.decode("utf-8", errors="replace"), url)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("NoSuchKey", "404"):
                raise
            version = 0
        objects = []
        stacks_prefix = f"{base}{_STACKS}/"
        paginator = client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=location.bucket, Prefix=stacks_prefix):
            for item in page.get("Contents", []):
                relative = item["Key"][len(stacks_prefix) :]
                modified = item.get("LastModified")
                objects.append(_Object(relative, int(item.get("Size", 0)), modified.timestamp() if modified else 0.0))
    except (ClientError, BotoCoreError) as exc:
        raise _s3_problem(url, exc) from None
    return [
        StackSource(
            f"s3://{location.bucket}/{stacks_prefix}{obj.relative}",
            "s3",
            f"{stacks_prefix}{obj.relative}",
            obj.size,
            s3=location,
            hint=hint,
        )
        for obj, hint in _stack_files(objects, version)
    ]


# ---------------------------------------------------------------------------------------------------------------
# Reading one stack
# ---------------------------------------------------------------------------------------------------------------


def read_state(source: StackSource, *, max_bytes: int = MAX_STATE_BYTES) -> bytes:
    """The state's bytes, gunzipped when they are gzip; :class:`BackendError` when it cannot be read."""
    if source.size is not None and source.size > max_bytes:
        raise BackendError(
            f"{source.label} is {source.size:,} bytes, larger than the {max_bytes:,}-byte limit for state files."
        )
    if source.kind == "stdin":
        data = source.data or b""
    elif source.kind == "s3":
        data = _read_s3(source, max_bytes)
    else:
        data = _read_file(source, max_bytes)
    if data[:2] == _GZIP_MAGIC:
        return _gunzip(data, source.label, max_bytes)
    if data[:4] == _ZSTD_MAGIC:
        raise BackendError(
            f"{source.label} is compressed with zstd, which this tool cannot read; export the stack with "
            "`pulumi stack export` or switch the backend to gzip (PULUMI_DIY_BACKEND_GZIP=true)."
        )
    return data


def _read_file(source: StackSource, max_bytes: int) -> bytes:
    path = Path(source.location)
    try:
        if path.is_dir():
            raise BackendError(f"{source.label} is a directory, not a state file.")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise BackendError(f"Cannot read {source.label}: {exc.strerror}.") from None
    if len(data) > max_bytes:
        raise BackendError(f"{source.label} is larger than the {max_bytes:,}-byte limit for state files.")
    return data


def _read_s3(source: StackSource, max_bytes: int) -> bytes:
    from botocore.exceptions import BotoCoreError, ClientError

    assert source.s3 is not None
    try:
        body = _client(source.s3).get_object(Bucket=source.s3.bucket, Key=source.location)["Body"]
        data: bytes = body.read(max_bytes + 1)
    except (ClientError, BotoCoreError) as exc:
        raise _s3_problem(source.label, exc) from None
    if len(data) > max_bytes:
        raise BackendError(f"{source.label} is larger than the {max_bytes:,}-byte limit for state files.")
    return data


def _gunzip(data: bytes, label: str, max_bytes: int) -> bytes:
    # Bounded, so a small file that inflates to gigabytes is refused rather than read.
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise BackendError(f"{label} is not a valid gzip file ({exc}).") from None
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise BackendError(f"{label} inflates to more than the {max_bytes:,}-byte limit for state files.")
    if not inflater.eof:
        raise BackendError(f"{label} is a truncated gzip file.")
    return out


def gzip_bytes(data: bytes) -> bytes:
    """Gzip ``data`` as Pulumi's DIY backend does with gzip on (tests and benchmarks write backends with it)."""
    return gzip.compress(data, mtime=0)
