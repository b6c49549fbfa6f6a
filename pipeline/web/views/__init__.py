"""One module per page (and one for the JSON API); each view reads the request, calls the
`Loften` object in the thread pool and renders the answer."""
