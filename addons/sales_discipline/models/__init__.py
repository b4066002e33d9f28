from . import res_company
from . import res_config_settings
from . import sales_violation_type
from . import sales_violation
from . import crm_allocation_suspension
