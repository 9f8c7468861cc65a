"""Import: upload activity files or export archives, and see what became of each file.

The upload is parsed by hand rather than by FastAPI's `File()` so the request size is capped
while it streams in (a declared Content-Length cannot be trusted, a chunked body has none).
Uploads are copied into a temporary folder that is always removed, then walked by the same
source finder as `everyrun import`: zips, `.gz`, Strava and Garmin exports all work, and each
file is stored all or nothing by the import service. New activities are analysed at once so
the result can show what each session was for.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from everyrun import bootstrap
from everyrun.domain.errors import EveryrunError
from everyrun.domain.purpose import Purpose
from everyrun.exporters.jsonable import to_jsonable
from everyrun.services.adaptation import propose_changes
from everyrun.services.analysis import analyze
from everyrun.services.import_history import (
    ALREADY_PRESENT,
    FAILED,
    IMPORTED,
    SKIPPED,
    ImportReport,
    ImportSettings,
    import_files,
)
from everyrun.services.ports import StoredChange
from everyrun.web.context import WebContext, log_context, web_context
from everyrun.web.errors import error_response
from everyrun.web.plan_changes import changes_json
from everyrun.web.templating import page, purpose_colour

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]
LogContext = Annotated[WebContext, Depends(log_context)]  # only the athlete writes their log

MIB = 1024 * 1024
MAX_UPLOAD_BYTES = 512 * MIB  # per request; a whole Strava export is usually well below this
MAX_UPLOAD_FILES = 5000  # per request; more than that fits better in one .zip
MAX_NAME_CHARS = 160
_COPY_CHUNK = MIB
_UPLOAD_HINT = "choose one or more FIT, GPX or TCX files, or an export .zip"

OUTCOME_LABELS = {
    IMPORTED: "Imported",
    ALREADY_PRESENT: "Already present",
    SKIPPED: "Skipped",
    FAILED: "Failed",
}

# Documents the multipart body that the route reads itself (see the module docstring).
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "FIT, GPX or TCX files, .gz, .zip, Strava or "
                            "Garmin bulk exports; any field name is accepted.",
                        }
                    },
                }
            }
        },
    }
}
_ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "hint": {"type": ["string", "null"]}},
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "What became of each file, with counts (as `everyrun import --json`)"},
    400: {
        "description": "Nothing was uploaded, or the body is not valid multipart",
        "content": {"application/json": {"schema": _ERROR_SCHEMA}},
    },
    413: {
        "description": "The upload is larger than the per-request cap",
        "content": {"application/json": {"schema": _ERROR_SCHEMA}},
    },
    415: {
        "description": "The body is not multipart/form-data",
        "content": {"application/json": {"schema": _ERROR_SCHEMA}},
    },
}


class UploadRefusedError(EveryrunError):
    """The request as a whole cannot be imported; carries its HTTP status."""

    def __init__(self, status: int, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.status = status


class _TooLargeError(MultiPartException):
    """Raised from inside the parser's stream, so the parser closes what it spooled."""


@dataclass(frozen=True)
class Upload:
    name: str  # already made safe: one file name, no folders
    content: BinaryIO


def too_large() -> UploadRefusedError:
    cap = MAX_UPLOAD_BYTES / MIB
    return UploadRefusedError(
        413,
        f"the upload is larger than the {cap:g} MB cap",
        "upload fewer files at a time, or import a large export with `everyrun import`",
    )


def safe_name(raw: str | None) -> str:
    """The uploaded file's own name only: no folders, no `..`, nothing unprintable.

    Browsers send a bare name, but the field is the client's to choose.
    """
    base = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(char for char in base if char.isprintable()).strip()
    if base.strip(".") == "":
        return "upload"
    if len(base) > MAX_NAME_CHARS:
        stem, dot, extension = base.rpartition(".")
        extension = extension[:20] if dot else ""
        keep = MAX_NAME_CHARS - len(extension) - len(dot)
        base = (stem if dot else base)[:keep] + dot + extension
    return base


async def _capped(stream: AsyncIterator[bytes], limit: int) -> AsyncGenerator[bytes, None]:
    received = 0
    async for chunk in stream:
        received += len(chunk)
        if received > limit:
            raise _TooLargeError("too large")
        yield chunk


async def read_uploads(request: Request) -> FormData:
    """The request's multipart form, refused early when it is too large or not a form."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise UploadRefusedError(
            415, "send the files as multipart/form-data", "use a form with a file field"
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
        raise too_large()
    parser = MultiPartParser(
        request.headers,
        _capped(request.stream(), MAX_UPLOAD_BYTES),
        max_files=MAX_UPLOAD_FILES,
        max_fields=100,
    )
    try:
        return await parser.parse()
    except _TooLargeError:
        raise too_large() from None
    except MultiPartException as error:
        raise UploadRefusedError(400, f"the upload is not valid: {error.message}") from error


def uploads_in(form: FormData) -> list[Upload]:
    """Every uploaded file, whatever its field; an empty file input sends a nameless part."""
    found = [
        Upload(safe_name(value.filename), value.file)
        for _, value in form.multi_items()
        if isinstance(value, UploadFile) and (value.filename or value.size)
    ]
    if not found:
        raise UploadRefusedError(400, "no files were uploaded", _UPLOAD_HINT)
    return found


@dataclass(frozen=True)
class UploadImport:
    report: ImportReport
    analysed: int
    analysis_error: str | None
    purposes: dict[int, str]
    suggested: tuple[StoredChange, ...] = ()  # plan changes suggested after the import


def import_uploads(uploads: Sequence[Upload], context: WebContext) -> UploadImport:
    """Copy the uploads to a private temporary folder, import them, analyse what is new.

    Each upload gets its own numbered folder, so two files of the same name never meet; the
    folder is removed whatever happens. Names in the report are the uploaded names.
    """
    settings = ImportSettings(context.athlete, context.zone, context.now)
    with tempfile.TemporaryDirectory(prefix="everyrun-upload-") as folder:
        root = Path(folder)
        paths = []
        for index, upload in enumerate(uploads):
            place = root / f"{index:05d}"
            place.mkdir()
            target = place / upload.name
            with target.open("wb") as copy:
                shutil.copyfileobj(upload.content, copy, _COPY_CHUNK)
            paths.append(target)
        report = import_files(
            bootstrap.find_sources(paths), bootstrap.activity_reader(), context.store, settings
        )
    for outcome in report.outcomes:
        outcome.name = _shown_name(outcome.name, str(root))
    new_ids = [activity for outcome in report.outcomes for activity in outcome.activity_ids]
    analysed, problem = 0, None
    if new_ids:
        try:
            analysed = analyze(
                context.store, context.athlete, now_utc=context.now, activity_ids=new_ids
            ).analysed
        except EveryrunError as error:  # the activities are stored; `everyrun analyze` retries
            problem = error.message
    purposes = {
        stored.activity_id: stored.purpose
        for activity in new_ids
        for stored in context.store.analyses(context.athlete, activity)
    }
    # Never fails the import: the activities are stored whatever the plan makes of them.
    suggested = propose_changes(context.store, context.athlete, context.today, context.now)
    return UploadImport(report, analysed, problem, purposes, tuple(suggested))


def _shown_name(name: str, root: str) -> str:
    """`/tmp/everyrun-upload-x/00003/export.zip/a.fit` -> `export.zip/a.fit`."""
    if not name.startswith(root + "/"):
        return name
    return name[len(root) + 1 :].partition("/")[2] or name


def _purpose_label(purpose: str) -> str:
    try:
        return Purpose(purpose).label
    except ValueError:
        return purpose.replace("_", " ")


def result_json(result: UploadImport) -> dict[str, Any]:
    """`everyrun import --json`'s shape, plus the analysis and each new activity's purpose."""
    report = result.report
    files = []
    for outcome in report.outcomes:
        entry = to_jsonable(outcome)
        entry["outcome_label"] = OUTCOME_LABELS.get(outcome.outcome, outcome.outcome)
        entry["activities"] = [
            {
                "id": activity,
                "url": f"/activities/{activity}",
                "purpose": result.purposes.get(activity),
                "purpose_label": _purpose_label(result.purposes[activity])
                if activity in result.purposes
                else None,
            }
            for activity in outcome.activity_ids
        ]
        files.append(entry)
    return {
        "counts": report.counts(),
        "activities_stored": report.activity_count,
        "samples_stored": report.sample_count,
        "elapsed_s": round(report.elapsed_s, 3),
        "analysed": result.analysed,
        "analysis_error": result.analysis_error,
        "files": files,
        "suggested_changes": changes_json(result.suggested),
    }


async def _import_request(request: Request, context: WebContext) -> dict[str, Any]:
    form = await read_uploads(request)
    try:
        uploads = uploads_in(form)
        result = await run_in_threadpool(import_uploads, uploads, context)
    finally:
        await form.close()
    return result_json(result)


@router.post(
    "/api/imports",
    tags=["import"],
    summary="Import uploaded activity files or export archives",
    description="One or many files in a multipart body: FIT, GPX, TCX, .gz, .zip, Strava and "
    "Garmin bulk exports. Each file is imported, already present, skipped (not an activity) "
    f"or failed (with its reason); the request is capped at {MAX_UPLOAD_BYTES // MIB} MB. "
    "New activities are analysed, and their purposes returned.",
    openapi_extra=_UPLOAD_BODY,
    responses=_RESPONSES,
)
async def api_imports(request: Request, context: LogContext) -> Response:
    try:
        return JSONResponse(await _import_request(request, context))
    except UploadRefusedError as refused:
        return error_response(request, refused.status, refused.message, refused.hint)


def _page(
    request: Request,
    *,
    result: dict[str, Any] | None = None,
    error: EveryrunError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "import.html",
        title="Import",
        status_code=status_code,
        result=result,
        error=error,
        max_bytes=MAX_UPLOAD_BYTES,
        max_mib=MAX_UPLOAD_BYTES // MIB,
        colours={purpose.value: purpose_colour(purpose) for purpose in Purpose},
    )


@router.get("/import", response_class=HTMLResponse, include_in_schema=False)
def import_page(request: Request, context: Context) -> Response:
    """The upload form; signed in first on a shared server."""
    return _page(request)


@router.post("/import", response_class=HTMLResponse, include_in_schema=False)
async def import_form(request: Request, context: LogContext) -> Response:
    """The form without JavaScript: the same import, the outcome table rendered here."""
    try:
        return _page(request, result=await _import_request(request, context))
    except UploadRefusedError as refused:
        return _page(request, error=refused, status_code=refused.status)
