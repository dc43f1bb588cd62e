def first_panel(request, organisation):
    return {"template": "registry_app/panel.html", "name": organisation.name}


class PeerVisitSchema:
    kind = "peer-visits"
