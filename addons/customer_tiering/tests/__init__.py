from . import test_settings
from . import test_tiering
from . import test_key_person
from . import test_browser
from . import test_attacks
from . import test_approval_mixin
