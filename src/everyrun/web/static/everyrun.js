// everyrun: the little the pages need beyond HTML. Served from the package, no network.
"use strict";
