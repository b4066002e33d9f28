import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

tours.add("lead_allocation_settings_tour", {
    steps: () => [
        {
            content: "Raise the class A threshold",
            trigger: ".o_field_widget[name=lead_class_a_threshold] input",
            run: "edit 1000000",
        },
        {
            content: "Allocate new leads as soon as they arrive",
            trigger: ".o_field_widget[name=lead_allocate_on_create] input",
            run: "click",
        },
        {
            content: "Let a recycled lead be claimed back at once",
            trigger: ".o_field_widget[name=pool_claim_cooldown_days] input",
            run: "edit 0",
        },
        {
            content: "Shorten the idle period before recycling",
            trigger: ".o_field_widget[name=pool_idle_days] input",
            run: "edit 45",
        },
        {
            content:
                "Let intermediates receive class D leads too: a cell of the matrix",
            trigger: ".o_field_widget[name=lead_class_d_level_ids] input",
            run: "edit Intermediate",
        },
        {
            content: "Pick the Intermediate level",
            trigger: ".o-autocomplete--dropdown-item > a:contains(Intermediate)",
            run: "click",
        },
        {
            content: "The level is a tag of class D",
            trigger:
                ".o_field_widget[name=lead_class_d_level_ids] .o_tag:contains(Intermediate)",
        },
        {
            content: "Save the settings (the page reloads)",
            trigger: ".o_form_button_save",
            run(helpers) {
                document.body.classList.add("o_tour_saving");
                return helpers.click();
            },
        },
        {
            content: "The reloaded settings show the new idle period",
            trigger:
                "body:not(.o_tour_saving) .o_field_widget[name=pool_idle_days] input:value(45)",
        },
        {
            content: "Leave Settings for the pipeline",
            trigger: ".o_main_navbar .o_menu_brand",
            run: "click",
        },
        {
            content: "The pipeline opens",
            trigger: ".o_kanban_view",
        },
    ],
});

tours.add("lead_allocation_intake_tour", {
    steps: () => [
        {
            content: "Register a new lead",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] textarea",
            run: "edit Tour Lead: Shanghai Harbour",
        },
        {
            content: "Route it to the fair-allocation team",
            trigger: ".o_field_widget[name=team_id] input",
            run: "edit Tour Team",
        },
        {
            content: "Pick the team",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Team)",
            run: "click",
        },
        {
            content: "Judge it a class A lead",
            trigger: ".o_field_widget[name=judged_class] select",
            run: "selectByLabel A",
        },
        {
            content: "Save: the lead is allocated on creation",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "A salesperson now owns it",
            trigger:
                ".o_form_view .o_field_widget[name=user_id] input:value(Tour Senior)",
        },
    ],
});

tours.add("lead_allocation_claim_tour", {
    steps: () => [
        {
            content: "Find the recycled lead in the public pool",
            trigger:
                ".o_data_row:contains(Tour Lead: Shanghai Harbour) button[name=action_claim]",
            run: "click",
        },
        {
            content: "Say why it should be yours again",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit I met their buyer last week",
        },
        {
            content: "Send the claim",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The claim waits for a manager",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

tours.add("lead_allocation_approve_tour", {
    steps: () => [
        {
            content: "Open the claim to decide",
            trigger: ".o_data_row:contains(Tour Lead: Shanghai Harbour) td.o_data_cell",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "The claim is approved",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Approved)",
        },
    ],
});

tours.add("lead_allocation_referral_bands_tour", {
    steps: () => [
        {
            content: "Open the referral bands from Settings",
            trigger: "#referral_reward_setting button[name=action_open_referral_bands]",
            run: "click",
        },
        {
            content: "Add a band",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Measured by the amount credited",
            trigger: ".o_data_row .o_field_widget[name=measure] select",
            run: "selectByLabel Amount Credited",
        },
        {
            content: "From 1000",
            trigger: ".o_data_row .o_field_widget[name=value_from] input",
            run: "edit 1000",
        },
        {
            content: "A percentage of the amount",
            trigger: ".o_data_row .o_field_widget[name=reward_type] select",
            run: "selectByLabel Percentage",
        },
        {
            content: "5 percent",
            trigger: ".o_data_row .o_field_widget[name=value] input",
            run: "edit 5",
        },
        {
            content: "Save the band",
            trigger: ".o_control_panel .o_list_button_save",
            run: "click",
        },
        {
            content: "The band is saved",
            trigger: ".o_list_view:not(:has(.o_selected_row)) .o_data_row",
        },
    ],
});

tours.add("lead_allocation_referral_approve_tour", {
    steps: () => [
        {
            content: "Open the scout's proposed reward",
            trigger: ".o_data_row:contains(Tour Scout) td.o_data_cell",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "The reward is approved",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Approved)",
        },
    ],
});
