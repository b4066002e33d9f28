from . import crm_lead_allocate_wizard
