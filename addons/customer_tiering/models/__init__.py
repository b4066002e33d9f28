from . import customer_tier_override
from . import customer_tier_history
from . import customer_tier_service_standard
from . import customer_tier_engine
from . import res_company
from . import res_config_settings
from . import res_partner
