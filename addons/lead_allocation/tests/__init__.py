from . import test_settings
from . import test_lead_class
from . import test_allocation
from . import test_security
from . import test_pool_claims
from . import test_pool_recycling
from . import test_registration
from . import test_reallocation
