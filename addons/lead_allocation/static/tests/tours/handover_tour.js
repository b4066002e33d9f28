import {registry} from "@web/core/registry";

/**
 * From the leaving salesperson's team membership: his leads to a colleague,
 * his customers to the pool, then the report.
 */
function handoverSteps(leaver, colleague, leadCount) {
    return [
        {
            content: "The leaving salesperson's team membership is open",
            trigger: `.o_form_view .o_field_widget[name=user_id] input:value(${leaver})`,
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
            trigger: `.modal .o_field_widget[name=lead_count]:contains(${leadCount})`,
        },
        {
            content: "His leads go to a colleague",
            trigger:
                ".modal .o_field_widget[name=lead_mode] input[data-value=colleague]",
            run: "click",
        },
        {
            content: "Choose the colleague",
            trigger: ".modal .o_field_widget[name=lead_colleague_id] input",
            run: `edit ${colleague}`,
        },
        {
            content: `Pick ${colleague}`,
            trigger: `.o-autocomplete--dropdown-item > a:contains(${colleague})`,
            run: "click",
        },
        {
            content: "His customers go to the pool",
            trigger:
                ".modal .o_field_widget[name=customer_mode] input[data-value=pool]",
            run: "click",
        },
        {
            content: "Hand over",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The handover report opens",
            trigger: `.o_breadcrumb:contains(Handover of ${leaver})`,
        },
        {
            content: "The report lists what went where",
            trigger: `.o_field_widget[name=line_ids] .o_data_row:contains(${colleague})`,
        },
        {
            content: "The salesperson was archived",
            trigger: ".o_form_view .o_field_widget[name=user_archived] input:checked",
        },
    ];
}

registry.category("web_tour.tours").add("lead_allocation_handover_tour", {
    steps: () => handoverSteps("Tour Leaver", "Tour Colleague", 2),
});

// The end of the territory story: the salesperson who received the routed
// lead leaves, his book split between a colleague and the pool.
registry.category("web_tour.tours").add("lead_allocation_territory_departure_tour", {
    steps: () => handoverSteps("Tour Senior", "Tour Colleague", 2),
});
