"""Pure rules of a salesperson's handover (departure or change of post).

Nothing here imports Odoo: the wizard gathers the leaving salesperson's
customers and the colleagues who take them, and writes back the split.

Rules
-----
- An even split: the customers, taken in id order, are dealt one by one to
  the colleagues in id order, so two colleagues never differ by more than one
  customer and the same book always goes to the same colleagues.
- The leaving salesperson never receives anything back, whatever list he is
  given in.
- Without a colleague to take them, nothing is split: the caller keeps the
  records in the pool.
"""

POOL = "pool"
COLLEAGUE = "colleague"
ROTATION = "rotation"
MODES = (POOL, COLLEAGUE, ROTATION)


def split_evenly(record_ids, colleague_ids, leaving_user_id=None):
    """``{record id: colleague id}``, dealt in turn to the colleagues; empty
    when there is no colleague but the leaving salesperson."""
    colleagues = sorted(
        {uid for uid in colleague_ids if uid and uid != leaving_user_id}
    )
    if not colleagues:
        return {}
    return {
        record_id: colleagues[index % len(colleagues)]
        for index, record_id in enumerate(sorted(set(record_ids)))
    }
