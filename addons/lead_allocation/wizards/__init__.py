from . import crm_lead_allocate_wizard
from . import sale_order_credit_correction
from . import crm_handover_wizard
