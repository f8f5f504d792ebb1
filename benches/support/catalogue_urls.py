"""Writes the rotating paths of benches/catalogue.sh into DIR: listing.txt (filters, sorts,
first and deep pages), search.txt (one or two words, with or without a filter), api.txt and
products.txt, 500 each, read from a running Passerelle at BASE.

    python3 benches/support/catalogue_urls.py BASE DIR
"""

import json
import random
import sys
import urllib.parse
import urllib.request

WORDS = ["argan", "amande", "miel", "thym", "safran", "datte", "figue", "olive", "couscous",
         "cumin", "menthe", "verveine", "rose", "savon", "tapis", "poterie", "henné", "nigelle",
         "caroube", "noix", "sésame", "orge", "fenouil", "lavande"]
SORTS = ["name", "price_asc", "price_desc", "newest"]
N = 500


def get(base, path):
    with urllib.request.urlopen(base + path) as r:
        return json.load(r)


def qs(**params):
    return urllib.parse.urlencode({k: v for k, v in params.items() if v})


def main(base, out):
    rnd = random.Random(19)
    first = get(base, "/api/v1/products?per_page=100")
    categories = sorted({p["category"] for p in first["items"]})
    partnerships = [p["slug"] for p in get(base, "/api/v1/partnerships")["items"]]

    filters = [{}]
    filters += [{"category": c} for c in categories]
    filters += [{"partnership": p} for p in partnerships]
    filters += [{"category": c, "partnership": p} for c in categories for p in partnerships]

    listing, api = [], []
    # Deep pages: follow the cursors the API hands out (the page links carry the same ones).
    for sort in SORTS:
        params = {"sort": sort, "per_page": 24}
        page = get(base, "/api/v1/products?" + qs(**params))
        depth = 0
        while page.get("next") and depth < 40:
            depth += 1
            params["after"] = page["next"]
            listing.append("/catalogue?" + qs(**params))
            api.append("/api/v1/products?" + qs(**params))
            page = get(base, "/api/v1/products?" + qs(**params))
    while len(listing) < N:
        f = rnd.choice(filters)
        params = dict(f, sort=rnd.choice(SORTS), page=rnd.choice([1, 1, 2, 3, 5]))
        listing.append("/catalogue?" + qs(**params))
        api.append("/api/v1/products?" + qs(**params))

    search = []
    while len(search) < N:
        words = " ".join(rnd.sample(WORDS, rnd.choice([1, 1, 2])))
        f = rnd.choice([{}, {}] + filters[1:])
        search.append("/catalogue?" + qs(q=words, sort=rnd.choice(SORTS + [""]), **f))

    ids = []
    page = 1
    while len(ids) < N:
        got = get(base, f"/api/v1/products?per_page=100&page={page}")["items"]
        if not got:
            break
        ids += [p["id"] for p in got]
        page += 1
    products = [f"/products/{i}" for i in rnd.sample(ids, min(N, len(ids)))]

    for name, paths in [("listing", listing[:N]), ("api", api[:N]), ("search", search),
                        ("products", products)]:
        with open(f"{out}/{name}.txt", "w") as f:
            f.write("\n".join(paths) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
