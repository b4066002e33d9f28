import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");
const WEIGHTS = ".modal .o_field_widget[name=line_ids]";

function setWeight(indicator, weight) {
    return [
        {
            content: `Edit the weight of ${indicator}`,
            trigger: `${WEIGHTS} .o_data_row:contains(${indicator}) .o_data_cell[name=weight]`,
            run: "click",
        },
        {
            content: `${indicator} weighs ${weight}`,
            trigger: `${WEIGHTS} .o_data_row.o_selected_row:contains(${indicator}) .o_field_widget[name=weight] input`,
            run: `edit ${weight}`,
        },
    ];
}

tours.add("customer_tiering_scorecard_weights_tour", {
    steps: () => [
        {
            content: "Open the indicators of the value scorecard from the settings",
            trigger: "#tier_score_setting button:contains(Value Score Indicators)",
            run: "click",
        },
        {
            content: "The new manual indicator is listed without weight",
            trigger: ".o_list_view .o_data_row:contains(Industry Influence)",
        },
        {
            content: "Move the weights in one save",
            trigger: ".o_control_panel button:contains(Edit Weights)",
            run: "click",
        },
        ...setWeight("Sales Amount", 50),
        ...setWeight("Margin", 0),
        ...setWeight("Growth", 0),
        ...setWeight("Stability", 0),
        ...setWeight("Share of Sales", 0),
        ...setWeight("Industry Influence", 50),
        {
            content: "Leave the last row",
            trigger: ".modal .o_field_widget[name=total]",
            run: "click",
        },
        {
            content: "The weights add up to 100",
            trigger: ".modal .o_field_widget[name=total]:contains(100.00)",
        },
        {
            content: "Apply them",
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "The wizard is closed and the list shows the new weights",
            trigger:
                "body:not(:has(.modal)) .o_list_view .o_data_row:contains(Industry Influence) .o_data_cell[name=weight]:contains(50.00)",
        },
    ],
});

tours.add("customer_tiering_scorecard_manual_value_tour", {
    steps: () => [
        {
            content: "Rate a customer on a manual indicator",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Which customer",
            trigger: ".o_selected_row .o_field_widget[name=partner_id] input",
            run: "edit Web Customer",
        },
        {
            content: "The company itself, not one of its contacts",
            trigger:
                ".o-autocomplete--dropdown-item:contains(/^\\s*Web Customer\\s*$/)",
            run: "click",
        },
        {
            content: "On which indicator",
            trigger: ".o_selected_row .o_field_widget[name=indicator_id] input",
            run: "edit Industry Influence",
        },
        {
            content: "Pick it",
            trigger:
                ".o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option):contains(Industry Influence)",
            run: "click",
        },
        {
            content: "An influential customer",
            trigger: ".o_selected_row .o_field_widget[name=value] input",
            run: "edit 80",
        },
        {
            content: "Save the row",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The value is saved",
            trigger:
                ".o_list_view:not(:has(.o_list_button_save)) .o_data_row:contains(Industry Influence) .o_data_cell[name=value]:contains(80.00)",
        },
    ],
});

tours.add("customer_tiering_scorecard_grade_tour", {
    steps: () => [
        {
            content: "Open the customer's tiers",
            trigger: ".o_notebook .nav-link:contains(Tiers)",
            run: "click",
        },
        {
            content: "The fifth badge: the value score grade",
            trigger: ".o_field_widget[name=tier_score_grade] .badge:contains(A2)",
        },
        {
            content: "The breakdown is not on the form: ask for it",
            trigger:
                ".o_form_view:not(:has(.o_tier_score_breakdown)) button[name=action_open_score_breakdown]:contains(Why this grade)",
            run: "click",
        },
        {
            content: "Why this grade: the sales contribute their share",
            trigger:
                ".modal .o_field_widget[name=breakdown] table.o_tier_score_breakdown tr:contains(Sales Amount):contains(35.00)",
        },
        {
            content: "Why this grade: the manual value contributes its share",
            trigger:
                ".modal .o_field_widget[name=breakdown] table.o_tier_score_breakdown tr:contains(Industry Influence):contains(40.00)",
        },
        {
            content: "Why this grade: the total score",
            trigger:
                ".modal .o_field_widget[name=breakdown] table.o_tier_score_breakdown tr.fw-bold:contains(75.00):contains(A2)",
        },
        {
            content: "Close the dialog",
            trigger: ".modal .modal-footer button:contains(Close)",
            run: "click",
        },
        {
            content: "Back on the customer's form",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name=tier_score_grade] .badge:contains(A2)",
        },
    ],
});
