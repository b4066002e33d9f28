import {registry} from "@web/core/registry";

// Played in English and in Simplified Chinese: the steps find their way by
// names and values, never by captions.
registry.category("web_tour.tours").add("customer_tiering_tour", {
    steps: () => [
        {
            content: "Open the customer's tiers",
            trigger: ".o_notebook .nav-link[name=customer_tiers]",
            run: "click",
        },
        {
            content: "The value tier is set",
            trigger: ".o_field_widget[name=tier_value] .badge",
        },
        {
            content: "The share-of-sales tier is set",
            trigger: ".o_field_widget[name=tier_share] .badge",
        },
        {
            content: "The Pareto grade is set",
            trigger: ".o_field_widget[name=tier_pareto] .badge",
        },
        {
            content: "The lifecycle stage is set",
            trigger: ".o_field_widget[name=tier_lifecycle] .badge",
        },
        {
            content: "Open the key persons",
            trigger: ".o_notebook .nav-link[name=key_persons]",
            run: "click",
        },
        {
            content: "The decision maker is listed",
            trigger:
                ".o_field_widget[name=key_person_ids] .o_data_row:contains(Chen Jing) .o_data_cell[name=decision_role]:not(:empty)",
        },
        {
            content: "Add the approver",
            trigger:
                ".o_field_widget[name=key_person_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Who is Wu Fang",
            trigger:
                ".o_field_widget[name=key_person_ids] .o_selected_row .o_field_widget[name=contact_id] input",
            run: "edit Wu Fang",
        },
        {
            content: "Pick her",
            trigger: ".o-autocomplete--dropdown-item:contains(Wu Fang)",
            run: "click",
        },
        {
            content: "She approves the purchases",
            trigger:
                ".o_field_widget[name=key_person_ids] .o_selected_row .o_field_widget[name=decision_role] select",
            run: 'select "approver"',
        },
        {
            content: "Save the customer",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
    ],
});
