import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("customer_credit_tour", {
    steps: () => [
        {
            content: "The proposals waiting for Finance are listed",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Look for the web customers",
            trigger: ".o_searchview_input",
            run: "edit Web Customer",
        },
        {
            content: "Search them by customer",
            trigger: ".o_searchview_autocomplete .o_menu_item:contains(Customer)",
            run: "click",
        },
        {
            content: "The customer's proposal: current and proposed limit",
            trigger: ".o_data_row:contains(Other Web Customer)",
        },
        {
            content: "Both proposals are listed",
            trigger:
                ".o_list_table:has(.o_data_row:contains(Web Customer):not(:contains(Other)))",
        },
        {
            content: "Select them all",
            trigger: "thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Approve them at once",
            trigger: "button[name=action_approve]",
            run: "click",
        },
        {
            content: "Nothing of theirs waits any more",
            trigger: ".o_list_view:not(:has(.o_data_row))",
        },
    ],
});
