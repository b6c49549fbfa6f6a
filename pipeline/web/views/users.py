"""Användare: the admin adds users, changes roles and removes users."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from pipeline.web.access import allow, read_form
from pipeline.web.responses import page
from pipeline.web.users import ROLE_HELP, UserError


def _context(request: Request, message=None, error=None) -> dict:
    return {"users": request.app.state.users.all(), "role_help": ROLE_HELP, "message": message, "error": error}


@allow("admin", "hantera användare")
async def users_page(request: Request):
    return page(request, "users.html", _context(request))


@allow("admin", "hantera användare")
async def users_change(request: Request):
    form = await read_form(request)
    store, action = request.app.state.users, str(form.get("atgard", ""))
    name = str(form.get("namn", "")).strip()
    try:
        if action == "lagg-till":
            await run_in_threadpool(store.add, name, str(form.get("roll", "")), str(form.get("losenord", "")))
            message = f"Användaren {name} är sparad."
        elif action == "roll":
            store.set_role(name, str(form.get("roll", "")))
            message = f"{name} har nu rollen {form.get('roll')}."
        elif action == "ta-bort" and name == request.state.user.name:
            raise UserError("du kan inte ta bort dig själv")
        elif action == "ta-bort":
            store.remove(name)
            message = f"Användaren {name} är borttagen."
        else:
            raise UserError("okänd åtgärd")
    except UserError as e:
        return page(request, "users.html", _context(request, error=f"Det gick inte: {e}."), status=400)
    return page(request, "users.html", _context(request, message=message))
