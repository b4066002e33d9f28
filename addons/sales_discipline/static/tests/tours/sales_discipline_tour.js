import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

tours.add("sales_discipline_first_contact_tour", {
    steps: () => [
        {
            content: "The new lead waits for its first contact",
            trigger: ".o_field_widget[name=first_contact_state]:contains(Pending)",
        },
        {
            content: "Write to the customer from the chatter",
            trigger: ".o-mail-Chatter-sendMessage",
            run: "click",
        },
        {
            content: "Say what was agreed",
            trigger: ".o-mail-Composer-input",
            run: "edit Called Mr. Wang: meeting on Friday",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the chatter",
            trigger: ".o-mail-Message:contains(meeting on Friday)",
        },
    ],
});

tours.add("sales_discipline_violation_tour", {
    steps: () => [
        {
            content: "Record a violation",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Of the rookie",
            trigger: ".o_field_widget[name=user_id] input",
            run: "edit Tour Rookie",
        },
        {
            content: "Pick him",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Rookie)",
            run: "click",
        },
        {
            content: "Late entry in the customer records",
            trigger: ".o_field_widget[name=type_id] input",
            run: "edit Late or missing",
        },
        {
            content: "Pick the type",
            trigger: ".o-autocomplete--dropdown-item:contains(Late or missing)",
            run: "click",
        },
        {
            content: "Save the draft",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Confirm it",
            trigger: ".o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The violation is confirmed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Confirmed)",
        },
    ],
});

tours.add("sales_discipline_ladder_settings_tour", {
    steps: () => [
        {
            content: "Open the penalty ladder of the company",
            trigger: "button[name=action_open_penalty_steps]",
            run: "click",
        },
        {
            content: "Edit the first step",
            trigger: ".o_data_row:first-child .o_data_cell[name=suspension_days]",
            run: "click",
        },
        {
            content: "Five days for a first violation",
            trigger: ".o_data_row .o_field_widget[name=suspension_days] input",
            run: "edit 5",
        },
        {
            content: "Save the row",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The step is saved",
            trigger:
                ".o_list_view:not(:has(.o_list_button_save)) .o_data_row:first-child .o_data_cell[name=suspension_days]:contains(5)",
        },
    ],
});

tours.add("sales_discipline_call_log_tour", {
    steps: () => [
        {
            content: "Log a call from the customer's form",
            trigger: ".o_form_view button[name=action_log_call]",
            run: "click",
        },
        {
            content: "The customer called",
            trigger: ".modal .o_field_widget[name=direction] input[data-value=inbound]",
            run: "click",
        },
        {
            content: "What he wanted",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Asked for a refund",
        },
        {
            content: "Save the call",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The call is counted on the customer",
            trigger:
                ".o_form_view:not(:has(.modal)) button[name=action_view_calls]:contains(2)",
        },
    ],
});

tours.add("sales_discipline_special_flag_tour", {
    steps: () => [
        {
            content: "Flag the customer",
            trigger: ".o_form_view button[name=action_flag_special]",
            run: "click",
        },
        {
            content: "Harassment",
            trigger: ".modal .o_field_widget[name=kind] select",
            run: "selectByLabel Harassment",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Insulted the salesperson twice",
        },
        {
            content: "Save the flag",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The warning banner shows on the customer",
            trigger:
                ".o_form_view .alert-warning[role=alert]:contains(Insulted the salesperson twice)",
        },
        {
            content: "And the badge",
            trigger: ".o_form_view .oe_title .badge:contains(Special Customer)",
        },
    ],
});
