"""Files kept outside MEDIA_ROOT, under a directory a setting names: uploads that may hold unpublished
figures (imports) or documents only auditors see (evidence). Each kind says whether and how it is served."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A file system storage under the directory named by the setting `root_setting`."""

    root_setting = ""

    @property
    def base_location(self):
        return getattr(
            settings, self.root_setting
        )  # read on each use, so a changed setting (tests) is honoured

    @property
    def location(self):
        return os.path.abspath(self.base_location)
