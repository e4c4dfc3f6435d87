"""A presenter's series: the same placeholders across write-ups, and a private way back.

* ``store`` — the encrypted, authenticated mapping file (AES-GCM; scrypt or the keyring);
* ``mapping`` — the letter mapping, a post-step over a document's placeholders;
* ``series`` — an opened series: relabel, record, restore, forget;
* ``passphrase`` — where the passphrase comes from (file, environment, terminal).
"""

from .passphrase import ENV as PASSPHRASE_ENV
from .passphrase import get_passphrase
from .series import Series, forget
from .store import data_dir, is_series_file, list_names, series_path, validate_name

__all__ = ["PASSPHRASE_ENV", "Series", "data_dir", "forget", "get_passphrase",
           "is_series_file", "list_names", "series_path", "validate_name"]
