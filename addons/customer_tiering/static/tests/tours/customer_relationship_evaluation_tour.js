import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");
const CUSTOMER = "Tour Relationship Customer";
// the owner's scores: a relationship gone bad (1.4 out of 5)
const SCORES = [
    ["Trust", "Poor"],
    ["Communication", "Weak"],
    ["Cooperation", "Poor"],
    ["Payment Behaviour", "Weak"],
    ["Growth Potential", "Poor"],
];
const LINES = ".o_field_widget[name=line_ids]";

function scoreSteps([criterion, label]) {
    const row = `${LINES} .o_data_row:contains(${criterion})`;
    return [
        {
            content: `Score ${criterion}`,
            trigger: `${row} td[name=score]`,
            run: "click",
        },
        {
            content: `${criterion}: ${label}`,
            trigger: `${row}.o_selected_row td[name=score] select`,
            run: `selectByLabel ${label}`,
        },
    ];
}

tours.add("customer_relationship_evaluation_score_tour", {
    steps: () => [
        {
            content: "The due evaluation is on the salesperson's list",
            trigger: `.o_data_row:contains(${CUSTOMER}) td[name=state]:contains(To Score)`,
            run: "click",
        },
        {
            content: "One line per criterion of the company",
            trigger: `${LINES} .o_data_row:contains(Growth Potential)`,
        },
        ...SCORES.flatMap(scoreSteps),
        {
            content: "Explain the scores",
            trigger: ".o_field_widget[name=note] textarea",
            run: "edit Orders stopped and invoices are paid late.",
        },
        {
            content: "Submit to the managers",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Submitted)",
        },
        {
            content: "The server's recommendation",
            trigger: ".o_field_widget[name=recommendation]:contains(Terminate)",
        },
    ],
});

tours.add("customer_relationship_evaluation_decide_tour", {
    steps: () => [
        {
            content: "The submitted evaluation recommends terminating",
            trigger: ".o_field_widget[name=recommendation]:contains(Terminate)",
        },
        {
            content: "The manager notes why",
            trigger: ".o_field_widget[name=decision_note] textarea",
            run: "edit No orders this year; the pool may win the customer back.",
        },
        {
            content: "Terminate the relationship",
            trigger: ".o_form_view button[name=action_decide_terminate]",
            run: "click",
        },
        {
            content: "Confirm: the decision takes effect at once",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Decided",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Decided)",
        },
        {
            content: "The decision is terminate",
            trigger: ".o_field_widget[name=decision]:contains(Terminate)",
        },
        {
            content: "No key-account plan for a relationship that ends",
            trigger: ".o_form_view:not(:has(button[name=action_open_account_plan]))",
        },
    ],
});

tours.add("customer_relationship_evaluation_develop_tour", {
    steps: () => [
        {
            content: "Develop the relationship",
            trigger: ".o_form_view button[name=action_decide_develop]",
            run: "click",
        },
        {
            content: "Decided",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Decided)",
        },
        {
            content: "Put the customer on a key-account plan",
            trigger:
                ".o_form_view button[name=action_open_account_plan]:contains(Create Key-Account Plan)",
            run: "click",
        },
        {
            content: "The draft plan opens",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Draft)",
        },
    ],
});
