from . import test_settings
from . import test_violation
from . import test_mismatch_ladder
from . import test_first_contact_sla
from . import test_visits
from . import test_browser
from . import test_attacks
from . import test_multi_company
