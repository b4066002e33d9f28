from . import customer_score_breakdown
from . import customer_score_weights_line
from . import customer_score_weights_wizard
