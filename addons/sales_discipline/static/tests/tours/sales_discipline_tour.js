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
            trigger: ".o_list_view:not(:has(.o_list_button_save)) .o_data_row:first-child .o_data_cell[name=suspension_days]:contains(5)",
        },
    ],
});
