"""Build the second reader's word lists (models/reader_*.txt) from their sources.

The second reader (balint_redact.confirm) must not share the redactor's blind spots, so its
lists come from sources the redactor does not use:

* ``reader_dictionary.txt``: the lower-case entries of SCOWL's British English list, as
  Debian's ``wbritish`` package installs it (``/usr/share/dict/british-english``, version
  2020.12.07); possessives ("abbey's") dropped.
* ``reader_proper.txt``: SCOWL's capitalised entries (places, months, nationalities,
  institutions), minus every entry that is also a first name or surname below.
* ``reader_first_names.txt`` / ``reader_surnames.txt``: the 1990 United States Census name
  frequency lists (``dist.male.first``, ``dist.female.first``, ``dist.all.last``) as shipped
  by the PyPI package ``names`` 0.3.0, lower-cased.

Usage (from the repository root; needs ``apt-get install wbritish`` and the ``names`` sdist
unpacked somewhere)::

    python tools/build_reader_lists.py /usr/share/dict/british-english path/to/names/
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path("models")
HEADER = {
    "reader_dictionary.txt": "# Lower-case entries of SCOWL British English (Debian wbritish "
                             "2020.12.07), possessives dropped.\n# Source: SCOWL, Copyright "
                             "2000-2011 Kevin Atkinson; permissive licence (see README).\n"
                             "# Built by tools/build_reader_lists.py; do not edit by hand.\n",
    "reader_proper.txt": "# Capitalised entries of SCOWL British English (Debian wbritish "
                         "2020.12.07) that are not US Census first names or surnames.\n"
                         "# Source: SCOWL, Copyright 2000-2011 Kevin Atkinson; permissive "
                         "licence (see README).\n# Built by tools/build_reader_lists.py; do "
                         "not edit by hand.\n",
    "reader_first_names.txt": "# First names of the 1990 US Census (dist.male.first, "
                              "dist.female.first), lower-cased, most frequent first.\n# Source: US Census Bureau "
                              "(public domain), via the PyPI package names 0.3.0 (MIT).\n"
                              "# Built by tools/build_reader_lists.py; do not edit by hand.\n",
    "reader_surnames.txt": "# Surnames of the 1990 US Census (dist.all.last), lower-cased, most frequent first.\n"
                           "# Source: US Census Bureau (public domain), via the PyPI package "
                           "names 0.3.0 (MIT).\n# Built by tools/build_reader_lists.py; do "
                           "not edit by hand.\n",
}


def _census(path: Path) -> list[str]:
    """A census list's names, lower-cased, most frequent first."""
    return [line.split()[0].lower() for line in path.read_text().splitlines() if line.strip()]


def _by_rank(*lists: list[str]) -> list[str]:
    """Names of several frequency lists, ordered by their best rank in any of them."""
    best: dict[str, int] = {}
    for names in lists:
        for rank, name in enumerate(names):
            best[name] = min(rank, best.get(name, rank))
    return sorted(best, key=lambda n: (best[n], n))


def main(dict_path: str, names_dir: str) -> None:
    words = Path(dict_path).read_text(encoding="utf-8").splitlines()
    names = Path(names_dir)
    first_ranked = _by_rank(_census(names / "dist.male.first"),
                            _census(names / "dist.female.first"))
    last_ranked = _census(names / "dist.all.last")
    first, last = set(first_ranked), set(last_ranked)
    lower = sorted({w for w in words if w and w == w.lower() and not w.endswith("'s")})
    proper = sorted({w for w in words if w and w[0].isupper() and not w.endswith("'s")
                     and w.lower() not in first | last})
    lists = {"reader_dictionary.txt": lower, "reader_proper.txt": proper,
             "reader_first_names.txt": first_ranked, "reader_surnames.txt": last_ranked}
    for name, items in lists.items():
        (OUT / name).write_text(HEADER[name] + "\n".join(items) + "\n", encoding="utf-8")
        print(f"{name}: {len(items)}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
