import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("lead_allocation_sales_credit_tour", {
    steps: () => [
        {
            content: "Open the order's Other Info",
            trigger: ".o_notebook a[name=other_information]",
            run: "click",
        },
        {
            content: "The private swap is credited to the department",
            trigger: ".o_field_widget[name=credit_basis]:contains(Department)",
        },
        {
            content: "Correct the credit",
            trigger: ".o_form_view button:contains(Correct Credit)",
            run: "click",
        },
        {
            content: "The manager found the approved hand-over: a transfer",
            trigger: ".modal .o_field_widget[name=credit_basis] select",
            run: 'select "transfer"',
        },
        {
            content: "Credit the salesperson who sold it",
            trigger: ".modal .o_field_widget[name=credit_user_id] input",
            run: "edit Tour Seller",
        },
        {
            content: "Pick him",
            trigger: ".o-autocomplete--dropdown-item > a:contains(Tour Seller)",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The owner handed the customer over at the trade fair.",
        },
        {
            content: "Apply the correction",
            trigger: ".modal footer button[name=action_apply]",
            run: "click",
        },
        {
            content: "The order now credits the salesperson, by transfer",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=credit_basis]:contains(Transfer)",
        },
        {
            content: "The reason is in the chatter",
            trigger: ".o-mail-Message:contains(trade fair)",
        },
    ],
});
