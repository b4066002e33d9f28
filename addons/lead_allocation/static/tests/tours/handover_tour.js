import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("lead_allocation_handover_tour", {
    steps: () => [
        {
            content: "The leaving salesperson's team membership is open",
            trigger: ".o_form_view .o_field_widget[name=user_id] input:value(Tour Leaver)",
        },
        {
            content: "Open the actions of the membership",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        {
            content: "Hand over his book",
            trigger: ".dropdown-menu .o_menu_item:contains(Hand Over)",
            run: "click",
        },
        {
            content: "The wizard counts his open leads",
            trigger: ".modal .o_field_widget[name=lead_count]:contains(2)",
        },
        {
            content: "His leads go to a colleague",
            trigger: ".modal .o_field_widget[name=lead_mode] input[data-value=colleague]",
            run: "click",
        },
        {
            content: "Choose the colleague",
            trigger: ".modal .o_field_widget[name=lead_colleague_id] input",
            run: "edit Tour Colleague",
        },
        {
            content: "Pick Tour Colleague",
            trigger: ".o-autocomplete--dropdown-item > a:contains(Tour Colleague)",
            run: "click",
        },
        {
            content: "His customers go to the pool",
            trigger: ".modal .o_field_widget[name=customer_mode] input[data-value=pool]",
            run: "click",
        },
        {
            content: "Hand over",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The handover report opens",
            trigger: ".o_breadcrumb:contains(Handover of Tour Leaver)",
        },
        {
            content: "The report lists what went where",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Tour Colleague)",
        },
        {
            content: "The salesperson was archived",
            trigger: ".o_form_view .o_field_widget[name=user_archived] input:checked",
        },
    ],
});
