"""The suite's approval workflows are built on the one approval mixin of
customer_tiering, not on a copy of its code."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MIXIN = "sales.policy.approval.mixin"
WORKFLOWS = {
    "crm.pool.claim": "lead_allocation/models/crm_pool_claim.py",
    "crm.pool.transfer": "lead_allocation/models/crm_pool_transfer.py",
    "crm.reallocation.request": "lead_allocation/models/crm_reallocation_request.py",
    "crm.referral.reward": "lead_allocation/models/crm_referral_reward.py",
    "sales.violation": "sales_discipline/models/sales_violation.py",
    "sales.visit.plan": "sales_discipline/models/sales_visit_plan.py",
    "customer.relationship.evaluation": (
        "customer_tiering/models/customer_relationship_evaluation.py"
    ),
}


def class_attributes(path, model):
    """The literal class attributes of the class defining ``model``."""
    for node in ast.walk(ast.parse((ROOT / "addons" / path).read_text())):
        if not isinstance(node, ast.ClassDef):
            continue
        attributes = {}
        for statement in node.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name):
                    try:
                        attributes[target.id] = ast.literal_eval(statement.value)
                    except ValueError:
                        attributes[target.id] = None
        if attributes.get("_name") == model:
            return attributes, node
    raise AssertionError(f"{path}: no class defines {model}")


@pytest.mark.parametrize("model", sorted(WORKFLOWS))
def test_workflow_inherits_the_approval_mixin(model):
    attributes, _node = class_attributes(WORKFLOWS[model], model)
    assert MIXIN in attributes.get("_inherit", []), f"{model} must inherit {MIXIN}"


@pytest.mark.parametrize("model", sorted(WORKFLOWS))
def test_workflow_writes_no_decision_by_hand(model):
    """The decision fields are written by the mixin's _approval_set_state
    only: a workflow that writes decided_by_id itself decides outside the
    mixin's checks and locks (the claims' rejection of the other claims on an
    approved record is the one exception, inside _approval_apply)."""
    _attributes, node = class_attributes(WORKFLOWS[model], model)
    for function in node.body:
        if (
            not isinstance(function, ast.FunctionDef)
            or function.name == "_approval_apply"
        ):
            continue
        for inner in ast.walk(function):
            if isinstance(inner, ast.Constant) and inner.value == "decided_by_id":
                raise AssertionError(f"{model}.{function.name} writes decided_by_id")
