import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

function territoryRow(name, city, team) {
    return [
        {
            content: `Add the ${name} territory`,
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_selected_row .o_field_widget[name=name] input",
            run: `edit ${name}`,
        },
        {
            content: "Its city",
            trigger: ".o_selected_row .o_field_widget[name=city] input",
            run: `edit ${city}`,
        },
        {
            content: "Its team",
            trigger: ".o_selected_row .o_field_widget[name=team_id] input",
            run: `edit ${team}`,
        },
        {
            content: "Pick the team",
            trigger: `.o-autocomplete--dropdown-item:contains(${team})`,
            run: "click",
        },
        {
            content: "Save the row",
            trigger: ".o_control_panel .o_list_button_save",
            run: "click",
        },
        {
            content: "The row is saved",
            trigger: `.o_data_row:not(.o_selected_row):contains(${name})`,
        },
    ];
}

tours.add("lead_allocation_territory_tour", {
    steps: () => [
        ...territoryRow("Tour Hangzhou", "Hangzhou", "Tour Team"),
        ...territoryRow("Tour Suzhou", "Suzhou", "Tour South Team"),
    ],
});

tours.add("lead_allocation_territory_allocate_tour", {
    steps: () => [
        {
            content: "Open the web lead waiting for a salesperson",
            trigger: ".o_data_row:contains(Tour Territory Lead) td.o_data_cell",
            run: "click",
        },
        {
            content: "The Hangzhou territory routed it",
            trigger:
                ".o_form_view .o_field_widget[name=territory_id]:contains(Tour Hangzhou)",
        },
        {
            content: "Back to Unassigned Leads",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "Select the lead",
            trigger:
                ".o_data_row:contains(Tour Territory Lead) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the actions",
            trigger: ".o_control_panel .o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: "Allocate Now",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Allocate Now)",
            run: "click",
        },
        {
            content: "The lead has a salesperson: it leaves Unassigned Leads",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains(Tour Territory Lead)))",
        },
    ],
});
